using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class TokenCreateCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.token-create"),
        Title = "Role can create service-account tokens",
        Severity = Severity.High,
        Description = "Creating serviceaccounts/token mints a token for any service account in scope, with all its permissions.",
        Remediation = "Remove create on serviceaccounts/token, or limit it with resourceNames.",
        Mitre = CheckInfo.Techniques("T1528", "T1550.001"),
        Frameworks = [FrameworkRef.Cis("5.1.13")],
        Aliases = [],
    };

    protected override string Consequence => "mint tokens for any service account";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "serviceaccounts/token", "create"),
    ];
}
