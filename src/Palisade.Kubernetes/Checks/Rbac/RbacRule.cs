using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

/// <summary>A PolicyRule of a Role or ClusterRole, with Kubernetes' RBAC matching of wildcards and subresources.</summary>
public sealed record RbacRule(YamlMapping Node)
{
    public IReadOnlyList<string> ApiGroups { get; } = [.. Node.Strings("apiGroups")];
    public IReadOnlyList<string> Resources { get; } = [.. Node.Strings("resources")];
    public IReadOnlyList<string> Verbs { get; } = [.. Node.Strings("verbs")];
    public bool HasResourceNames => Node.Seq("resourceNames") is { Items.Count: > 0 };

    public bool Allows(Permission permission) =>
        permission.Verbs.Any(AllowsVerb) && AllowsGroup(permission.Group) && AllowsResource(permission.Resource);

    public bool AllowsVerb(string verb) => Verbs.Contains("*") || Verbs.Contains(verb);

    private bool AllowsGroup(string group) => ApiGroups.Contains("*") || ApiGroups.Contains(group);

    private bool AllowsResource(string resource)
    {
        if (Resources.Contains("*") || Resources.Contains(resource))
        {
            return true;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && (Resources.Contains(resource[..slash] + "/*") || Resources.Contains("*" + resource[slash..]));
    }

    /// <summary>Rules of a Role or ClusterRole; Kubernetes' own bootstrap roles are not the user's to fix.</summary>
    public static IReadOnlyList<RbacRule> Of(KubernetesObject obj) => obj.RbacRules;

    internal static IReadOnlyList<RbacRule> Read(KubernetesObject obj) =>
        obj.Kind is not ("Role" or "ClusterRole") || IsBootstrapDefault(obj) ? [] : [.. obj.Root.Maps("rules").Select(r => new RbacRule(r))];

    private static bool IsBootstrapDefault(KubernetesObject obj) =>
        obj.Metadata?.Map("labels")?.Str("kubernetes.io/bootstrapping") == "rbac-defaults";
}

/// <summary>A permission that matters: any of <see cref="Verbs"/> on a resource of an API group ("" is core).</summary>
public sealed record Permission(string Group, string Resource, params string[] Verbs)
{
    public override string ToString() => $"{string.Join("/", Verbs)} {(Group.Length == 0 ? "" : Group + "/")}{Resource}";
}
