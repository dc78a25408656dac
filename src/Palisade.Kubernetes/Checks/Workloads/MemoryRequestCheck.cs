using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class MemoryRequestCheck() : ResourceFieldCheck("requests", "memory")
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.memory-request"),
        Title = "Memory request missing",
        Severity = Severity.Low,
        Description = "Without a memory request the scheduler reserves no memory for the container: it is the first evicted under pressure, and it can overcommit its node.",
        Remediation = "Set resources.requests.memory on every container.",
        Mitre = CheckInfo.Techniques("T1499"),
        Frameworks = [FrameworkRef.Nsa("Pod security: resource policies")],
        Aliases = ["KSV016", "C-0004"],
    };
}
