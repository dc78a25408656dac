using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// Rules a user brings to a scan (ValidatingAdmissionPolicies, custom checks), run on every object next to the
/// built-in checks. Their check definitions come with each hit, because a policy's severity depends on its binding.
/// </summary>
public interface IObjectPolicies
{
    /// <summary>One scan's evaluation; <paramref name="authorizer"/> answers authorization questions when the scan has an RBAC model.</summary>
    IObjectPolicyScan Start(ManifestContext context, IAuthorizer? authorizer);
}

/// <summary>One scan's evaluation of the policies, fed every object in input order (from several threads at once when the scan is parallel).</summary>
public interface IObjectPolicyScan
{
    /// <summary>Hits decided on this object alone; hits that need the whole set are kept for <see cref="Complete"/>.</summary>
    void Evaluate(KubernetesObject obj, ICollection<PolicyHit> hits);

    /// <summary>Hits that needed objects seen later (the Namespace of a namespaceSelector, a policy's params).</summary>
    IEnumerable<(KubernetesObjectSummary Object, PolicyHit Hit)> Complete();
}

public sealed record PolicyHit(CheckInfo Check, CheckHit Hit);

/// <summary>Authorization answers from an RBAC model, as the API server's authorizer gives them to admission policies.</summary>
public interface IAuthorizer
{
    /// <summary>Whether the user (or one of the groups) may do the verb; resource empty for a non-resource path.</summary>
    AuthorizationDecision Authorize(AuthorizationRequest request);
}

public sealed record AuthorizationRequest(string User, IReadOnlyList<string> Groups, string Verb, string Group, string Resource, string Subresource, string? Namespace, string Name, string Path);

public sealed record AuthorizationDecision(bool Allowed, string Reason, string? Error = null);
