using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class CpuLimitCheck() : ResourceFieldCheck("limits", "cpu")
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.cpu-limit"),
        Title = "CPU limit missing",
        Severity = Severity.Low,
        Description = "A container without a CPU limit can take every core of its node: a compromised pod becomes a cryptominer with the whole node.",
        Remediation = "Set resources.limits.cpu on every container (or a LimitRange with a default in the namespace).",
        Mitre = CheckInfo.Techniques("T1496", "T1499"),
        Frameworks = [FrameworkRef.Nsa("Pod security: resource policies")],
        Aliases = ["KSV011", "C-0270", "C-0009", "C-0050"],
    };
}
