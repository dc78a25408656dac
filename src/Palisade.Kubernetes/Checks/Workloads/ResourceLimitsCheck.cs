using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class ResourceLimitsCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.resource-limits"),
        Title = "CPU or memory limit missing",
        Severity = Severity.Medium,
        Description = "A container without CPU and memory limits can starve its node: a compromised or buggy pod becomes a denial of service or a cryptominer with the whole node.",
        Remediation = "Set resources.limits.cpu and resources.limits.memory on every container (or a LimitRange in the namespace).",
        Mitre = CheckInfo.Techniques("T1496", "T1499"),
        Frameworks = [FrameworkRef.Nsa("Pod security: resource policies")],
        Aliases = ["KSV011", "KSV018", "C-0009", "C-0050", "C-0004"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context) =>
        ResourceFields.Missing(workload, "limits", Info);
}
