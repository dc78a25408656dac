using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed record Subject(YamlMapping Node, string Kind, string Name, string? Namespace)
{
    public bool IsSystem => Name.StartsWith("system:", StringComparison.Ordinal);

    public override string ToString() => Namespace is null ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}

/// <summary>A RoleBinding or ClusterRoleBinding: which role it grants to whom.</summary>
public sealed record RoleBinding(KubernetesObject Object, string RoleKind, string RoleName, IReadOnlyList<Subject> Subjects)
{
    public static RoleBinding? Of(KubernetesObject obj)
    {
        if (obj.Kind is not ("RoleBinding" or "ClusterRoleBinding") || obj.Root.Map("roleRef") is not { } roleRef)
        {
            return null;
        }
        var subjects = obj.Root.Maps("subjects")
            .Select(s => new Subject(s, s.Str("kind") ?? "", s.Str("name") ?? "", s.Str("namespace")))
            .ToList();
        return new RoleBinding(obj, roleRef.Str("kind") ?? "", roleRef.Str("name") ?? "", subjects);
    }
}
