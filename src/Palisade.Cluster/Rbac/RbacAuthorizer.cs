using Palisade.Kubernetes.Checks;

namespace Palisade.Cluster.Rbac;

/// <summary>The RBAC authorizer over a cluster's roles and bindings, for admission policies' authorizer checks.</summary>
public sealed class RbacAuthorizer(RbacModel model) : IAuthorizer
{
    public AuthorizationDecision Authorize(AuthorizationRequest request)
    {
        if (request.Path.Length > 0)
        {
            // Non-resource URLs are granted by cluster roles with nonResourceURLs, which the model does not keep.
            return new AuthorizationDecision(false, "", "non-resource paths are not in the RBAC model");
        }
        var subject = RbacSubject.Parse(request.User) ?? new RbacSubject("User", request.User);
        var resource = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        var subjects = request.Groups.Select(g => new RbacSubject("Group", g)).Prepend(subject);
        var grant = subjects.SelectMany(s => model.Granting(s, request.Verb, request.Group, resource, request.Namespace, unrestricted: request.Name.Length == 0)).FirstOrDefault();
        return grant is null
            ? new AuthorizationDecision(false, "")
            : new AuthorizationDecision(true, $"RBAC: allowed by {grant.Binding} of {grant.RoleKind} \"{grant.RoleName}\" to {grant.Subject}");
    }
}
