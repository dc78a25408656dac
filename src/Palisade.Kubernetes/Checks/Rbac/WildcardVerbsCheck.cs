using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WildcardVerbsCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.wildcard-verbs"),
        Title = "Role grants every verb",
        Severity = Severity.High,
        Description = "verbs: [\"*\"] grants today's and tomorrow's verbs, including escalate, bind and impersonate where they apply.",
        Remediation = "List the verbs the subject needs explicitly.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.3")],
        Aliases = ["KSV045", "C-0187"],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context) =>
        from rule in RbacRule.Of(obj)
        where rule.Verbs.Contains("*")
        select new CheckHit(rule.Node["verbs"], $"{obj.Kind} '{obj.Name}' grants all verbs on [{string.Join(", ", rule.Resources)}]", "verbs: [\"*\"]");
}
