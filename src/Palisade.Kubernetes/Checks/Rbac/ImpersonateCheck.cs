using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class ImpersonateCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.impersonate"),
        Title = "Role can impersonate",
        Severity = Severity.Critical,
        Description = "Impersonating users, groups or service accounts lets a subject act as anyone, including system:masters.",
        Remediation = "Remove the impersonate verb; if a proxy needs it, limit it with resourceNames.",
        Mitre = CheckInfo.Techniques("T1078", "T1098.006"),
        Frameworks = [FrameworkRef.Cis("5.1.8")],
        Aliases = ["KSV043", "C-0065"],
    };

    protected override string Consequence => "act as any user, group or service account";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "users", "impersonate"),
        new("", "groups", "impersonate"),
        new("", "serviceaccounts", "impersonate"),
        new("authentication.k8s.io", "userextras/scopes", "impersonate"),
        new("authentication.k8s.io", "uids", "impersonate"),
    ];
}
