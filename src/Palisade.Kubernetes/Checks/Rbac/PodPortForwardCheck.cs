using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class PodPortForwardCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.pod-port-forward"),
        Title = "Role can port-forward to pods",
        Severity = Severity.Medium,
        Description = "pods/portforward opens a tunnel to any port of a pod, bypassing Services and network policies.",
        Remediation = "Remove pods/portforward from roles that do not need interactive debugging.",
        Mitre = CheckInfo.Techniques("T1609", "T1133"),
        Frameworks = [FrameworkRef.Nsa("Authentication and authorization")],
        Aliases = ["C-0063"],
    };

    protected override string Consequence => "tunnel to any port of any pod";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "pods/portforward", "create", "get"),
    ];
}
