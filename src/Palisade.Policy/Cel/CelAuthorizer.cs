using Palisade.Kubernetes.Checks;

namespace Palisade.Policy.Cel;

/// <summary>
/// The <c>authorizer</c> variable of admission policies: builds a request (path, or group, resource, subresource,
/// namespace, name) and checks a verb against the scan's RBAC model. Without a model (plain manifests) every decision
/// is errored, never a silent allow or deny.
/// </summary>
public sealed record CelAuthorizer(IAuthorizer? Authorizer, string User, IReadOnlyList<string> Groups, CelResourceCheck? RequestResource) : ICelObject, ICelFields
{
    public CelType Type => new("kubernetes.authorization.Authorizer");

    public string Text => $"authorizer for {User}";

    public bool TryGetField(string name, out object? value)
    {
        value = name == "requestResource" ? RequestResource ?? (object)new CelError("no request resource") : null;
        return name == "requestResource";
    }

    public CelDecision Check(AuthorizationRequest request)
    {
        if (Authorizer is null)
        {
            return new CelDecision(false, "", "no RBAC model: authorizer checks are answered on cluster scans only");
        }
        var decision = Authorizer.Authorize(request with { User = User, Groups = Groups });
        return new CelDecision(decision.Allowed, decision.Reason, decision.Error);
    }
}

/// <summary>A resource request being built: authorizer.group(g).resource(r)…</summary>
public sealed record CelResourceCheck(CelAuthorizer Owner, string Group, string Resource, string Subresource, string Namespace, string Name) : ICelObject
{
    public CelType Type => new("kubernetes.authorization.ResourceCheck");

    public string Text => $"{Group}/{Resource}";
}

/// <summary>A non-resource request: authorizer.path('/healthz').</summary>
public sealed record CelPathCheck(CelAuthorizer Owner, string Path) : ICelObject
{
    public CelType Type => new("kubernetes.authorization.PathCheck");

    public string Text => Path;
}

public sealed record CelDecision(bool Allowed, string Reason, string? Error) : ICelObject
{
    public CelType Type => new("kubernetes.authorization.Decision");

    public string Text => Allowed ? "allowed" : "denied";
}

internal static class CelAuthorizerLibrary
{
    public static object? Invoke(string function, bool member, object?[] all) => (function, member, all) switch
    {
        ("path", true, [CelAuthorizer a, string path]) => new CelPathCheck(a, path),
        ("group", true, [CelAuthorizer a, string group]) => new CelResourceCheck(a, group, "", "", "", ""),
        ("serviceAccount", true, [CelAuthorizer a, string ns, string name]) =>
            a with { User = $"system:serviceaccount:{ns}:{name}", Groups = ["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"] },
        ("resource", true, [CelResourceCheck c, string resource]) => c with { Resource = resource },
        ("subresource", true, [CelResourceCheck c, string subresource]) => c with { Subresource = subresource },
        ("namespace", true, [CelResourceCheck c, string ns]) => c with { Namespace = ns },
        ("name", true, [CelResourceCheck c, string name]) => c with { Name = name },
        ("check", true, [CelResourceCheck c, string verb]) => c.Owner.Check(new AuthorizationRequest("", [], verb, c.Group, c.Resource, c.Subresource, c.Namespace.Length == 0 ? null : c.Namespace, c.Name, "")),
        ("check", true, [CelPathCheck p, string verb]) => p.Owner.Check(new AuthorizationRequest("", [], verb, "", "", "", null, "", p.Path)),
        ("allowed", true, [CelDecision d]) => d.Allowed,
        ("reason", true, [CelDecision d]) => d.Reason,
        ("errored", true, [CelDecision d]) => d.Error is not null,
        ("error", true, [CelDecision d]) => d.Error ?? "",
        _ => null,
    };
}
