using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class BindCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.bind"),
        Title = "Role can bind roles",
        Severity = Severity.Critical,
        Description = "The bind verb lets a subject bind any role, including cluster-admin, to itself without holding its permissions.",
        Remediation = "Remove the bind verb, or limit it with resourceNames to the specific roles the subject may hand out.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.8")],
        Aliases = ["KSV050"],
    };

    protected override string Consequence => "bind any role, cluster-admin included, to itself";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("rbac.authorization.k8s.io", "roles", "bind"),
        new("rbac.authorization.k8s.io", "clusterroles", "bind"),
    ];
}
