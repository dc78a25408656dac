using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class MemoryLimitCheck() : ResourceFieldCheck("limits", "memory")
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.memory-limit"),
        Title = "Memory limit missing",
        Severity = Severity.Medium,
        Description = "A container without a memory limit can exhaust its node's memory, and the kernel's OOM killer then takes other pods (or the kubelet) with it.",
        Remediation = "Set resources.limits.memory on every container (or a LimitRange with a default in the namespace).",
        Mitre = CheckInfo.Techniques("T1499", "T1496"),
        Frameworks = [FrameworkRef.Nsa("Pod security: resource policies")],
        Aliases = ["KSV018", "C-0271", "C-0009", "C-0004"],
    };
}
