using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class PodExecCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.pod-exec"),
        Title = "Role can exec into or attach to pods",
        Severity = Severity.High,
        Description = "pods/exec and pods/attach give a shell in running containers, with their mounted secrets and tokens.",
        Remediation = "Grant exec and attach only for break-glass access, to named people, and audit their use.",
        Mitre = CheckInfo.Techniques("T1609", "T1552.007"),
        Frameworks = [FrameworkRef.Nsa("Authentication and authorization")],
        Aliases = ["KSV053", "C-0002"],
    };

    protected override string Consequence => "run commands inside running containers";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "pods/exec", "create", "get"),
        new("", "pods/attach", "create", "get"),
    ];
}
