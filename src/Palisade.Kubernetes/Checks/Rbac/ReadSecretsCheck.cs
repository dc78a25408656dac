using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class ReadSecretsCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.read-secrets"),
        Title = "Role can read secrets",
        Severity = Severity.High,
        Description = "Reading secrets yields service-account tokens and credentials, and with them the permissions of every workload in the namespace.",
        Remediation = "Grant get on specific secrets by resourceNames, never list or watch; mount secrets into pods instead of reading them through the API.",
        Mitre = CheckInfo.Techniques("T1552.007", "T1528"),
        Frameworks = [FrameworkRef.Cis("5.1.2")],
        Aliases = ["KSV041", "C-0015"],
    };

    protected override string Consequence => "read every secret, service-account tokens included";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "secrets", "get", "list", "watch"),
    ];
}
