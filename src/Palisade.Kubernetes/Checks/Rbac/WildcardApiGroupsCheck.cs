using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WildcardApiGroupsCheck : WildcardRuleCheck
{
    public override CheckInfo Info { get; } = new()
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

    protected override string Field => "apiGroups";

    protected override string Grants(RbacRule rule) => $"[{string.Join(", ", rule.Verbs)}] in all API groups";
}
