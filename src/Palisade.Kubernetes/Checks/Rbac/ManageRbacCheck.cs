using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class ManageRbacCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.manage-rbac"),
        Title = "Role can create or change RBAC roles and bindings",
        Severity = Severity.High,
        Description = "Whoever can write roles and bindings can grant themselves (with bind or escalate, or through roles they already hold) and others new permissions, and remove the ones that constrain them.",
        Remediation = "Keep RBAC writes with cluster administrators and the deployment pipeline; grant bind only with resourceNames naming the roles that may be bound.",
        Mitre = CheckInfo.Techniques("T1098.006"),
        Frameworks = [FrameworkRef.Cis("5.1.8")],
        Aliases = ["KSV050"],
    };

    protected override string Consequence => "grant or revoke permissions";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("rbac.authorization.k8s.io", "roles", "create", "update", "patch"),
        new("rbac.authorization.k8s.io", "rolebindings", "create", "update", "patch"),
        new("rbac.authorization.k8s.io", "clusterroles", "create", "update", "patch"),
        new("rbac.authorization.k8s.io", "clusterrolebindings", "create", "update", "patch"),
    ];
}
