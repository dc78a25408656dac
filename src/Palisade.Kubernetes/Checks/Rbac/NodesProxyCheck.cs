using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class NodesProxyCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.nodes-proxy"),
        Title = "Role can proxy to kubelets",
        Severity = Severity.Critical,
        Description = "nodes/proxy reaches the kubelet API, which can run commands in any pod on the node and bypasses audit logging of exec.",
        Remediation = "Remove access to nodes/proxy; monitoring agents can use the metrics endpoints instead.",
        Mitre = CheckInfo.Techniques("T1609", "T1611"),
        Frameworks = [FrameworkRef.Cis("5.1.10")],
        Aliases = [],
    };

    protected override string Consequence => "run commands in any pod through the kubelet";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "nodes/proxy", "get", "create", "update", "patch", "delete", "list", "watch"),
    ];
}
