using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class CpuRequestCheck() : ResourceFieldCheck("requests", "cpu")
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.cpu-request"),
        Title = "CPU request missing",
        Severity = Severity.Low,
        Description = "Without a CPU request the scheduler reserves no CPU for the container, so a noisy neighbour can starve it.",
        Remediation = "Set resources.requests.cpu on every container.",
        Mitre = CheckInfo.Techniques("T1499"),
        Frameworks = [FrameworkRef.Nsa("Pod security: resource policies")],
        Aliases = ["KSV015", "C-0050"],
    };
}
