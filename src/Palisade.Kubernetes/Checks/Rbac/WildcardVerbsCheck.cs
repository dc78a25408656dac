using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WildcardVerbsCheck : WildcardRuleCheck
{
    public override CheckInfo Info { get; } = new()
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

    protected override string Field => "verbs";

    protected override string Grants(RbacRule rule) => $"all verbs on [{string.Join(", ", rule.Resources)}]";
}
