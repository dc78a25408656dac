using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class ManageSecretsCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.manage-secrets"),
        Title = "Role can create, change or delete secrets",
        Severity = Severity.High,
        Description = "Writing secrets lets a subject plant credentials that workloads trust (registry pulls, TLS keys, webhook CA bundles), mint long-lived service-account token secrets, or destroy the ones the cluster runs on.",
        Remediation = "Grant secret writes only to the controllers that own them, by resourceNames where possible; keep deletecollection for no one.",
        Mitre = CheckInfo.Techniques("T1552.007", "T1098.006", "T1485"),
        Frameworks = [FrameworkRef.Cis("5.1.2")],
        Aliases = ["KSV041", "C-0015"],
    };

    protected override string Consequence => "plant, replace or destroy credentials";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "secrets", "create", "update", "patch", "delete", "deletecollection"),
    ];
}
