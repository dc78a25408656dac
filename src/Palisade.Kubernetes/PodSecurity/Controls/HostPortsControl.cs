using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class HostPortsControl : PodSecurityControlBase
{
    public override string ControlId => "hostPorts";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.host-ports"),
        Title = "Container binds a host port",
        Severity = Severity.Medium,
        Description = "A hostPort opens the port on the node's own address, bypassing Services and network policies.",
        Remediation = "Remove hostPort from container ports; expose the pod through a Service instead.",
        Mitre = CheckInfo.Techniques("T1133", "T1046"),
        Frameworks = [FrameworkRef.Pss("baseline", "hostPorts"), FrameworkRef.Cis("5.2.13")],
        Aliases = ["KSV024", "C-0044"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from c in pod.AllContainers()
        from port in c.Node.Maps("ports")
        where port.Int("hostPort") is { } p && p != 0
        select Hit(port["hostPort"], $"{c.Describe()} binds host port {port.Int("hostPort")}", $"hostPort: {port.Int("hostPort")}", c);
}
