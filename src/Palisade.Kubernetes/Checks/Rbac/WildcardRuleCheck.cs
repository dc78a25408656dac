using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

/// <summary>Base for checks that flag <c>"*"</c> in one field of a policy rule.</summary>
public abstract class WildcardRuleCheck : IManifestCheck
{
    public abstract CheckInfo Info { get; }

    /// <summary>The rule field holding the wildcard: verbs, resources or apiGroups.</summary>
    protected abstract string Field { get; }

    /// <summary>What the rule grants, for the message: "grants … ".</summary>
    protected abstract string Grants(RbacRule rule);

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context) =>
        from rule in RbacRule.Of(obj)
        where rule.Node.Strings(Field).Contains("*")
        select new CheckHit(rule.Node[Field], $"{obj.Kind} '{obj.Name}' grants {Grants(rule)}", $"{Field}: [\"*\"]");
}
