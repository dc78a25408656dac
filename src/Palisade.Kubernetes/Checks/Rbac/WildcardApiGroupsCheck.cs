using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WildcardApiGroupsCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.wildcard-api-groups"),
        Title = "Role grants every API group",
        Severity = Severity.Medium,
        Description = "apiGroups: [\"*\"] extends the rule to every API group, including custom resources installed later.",
        Remediation = "List the API groups the subject needs explicitly (\"\" is the core group).",
        Mitre = CheckInfo.Techniques("T1098.006"),
        Frameworks = [FrameworkRef.Cis("5.1.3")],
        Aliases = ["C-0187"],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context) =>
        from rule in RbacRule.Of(obj)
        where rule.ApiGroups.Contains("*")
        select new CheckHit(rule.Node["apiGroups"], $"{obj.Kind} '{obj.Name}' grants [{string.Join(", ", rule.Verbs)}] in all API groups", "apiGroups: [\"*\"]");
}
