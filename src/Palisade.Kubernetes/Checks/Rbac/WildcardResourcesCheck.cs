using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WildcardResourcesCheck : WildcardRuleCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.wildcard-resources"),
        Title = "Role grants every resource",
        Severity = Severity.High,
        Description = "resources: [\"*\"] covers secrets, subresources such as pods/exec, and any resource added later.",
        Remediation = "List the resources the subject needs explicitly.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.3")],
        Aliases = ["KSV046", "C-0187"],
    };

    protected override string Field => "resources";

    protected override string Grants(RbacRule rule) => $"[{string.Join(", ", rule.Verbs)}] on all resources";
}
