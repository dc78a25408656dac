using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

/// <summary>Base for checks that flag a role granting any of a set of dangerous permissions.</summary>
public abstract class PermissionCheck : IManifestCheck
{
    public abstract CheckInfo Info { get; }

    protected abstract IReadOnlyList<Permission> Permissions { get; }

    /// <summary>What an attacker gains, for the message: "… which lets a subject …".</summary>
    protected abstract string Consequence { get; }

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        foreach (var rule in RbacRule.Of(obj))
        {
            var granted = Permissions.Where(rule.Allows).ToList();
            if (granted.Count > 0)
            {
                var scope = rule.HasResourceNames ? " (limited by resourceNames)" : "";
                yield return new CheckHit(rule.Node, $"{obj.Kind} '{obj.Name}' grants {string.Join(", ", granted)}{scope}, which lets a subject {Consequence}",
                    $"apiGroups: {Quoted(rule.ApiGroups)} resources: {Quoted(rule.Resources)} verbs: {Quoted(rule.Verbs)}");
            }
        }
    }

    private static string Quoted(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "]";
}
