using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class EscalateCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.escalate"),
        Title = "Role can escalate",
        Severity = Severity.Critical,
        Description = "The escalate verb on roles lets a subject write rules granting permissions it does not hold: a direct path to cluster-admin.",
        Remediation = "Remove the escalate verb; only cluster administrators should hold it.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.8")],
        Aliases = ["KSV050"],
    };

    protected override string Consequence => "grant itself any permission";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("rbac.authorization.k8s.io", "roles", "escalate"),
        new("rbac.authorization.k8s.io", "clusterroles", "escalate"),
    ];
}
