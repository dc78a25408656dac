using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class ResourceRequestsCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.resource-requests"),
        Title = "CPU or memory request missing",
        Severity = Severity.Low,
        Description = "Without requests the scheduler cannot reserve capacity, so a noisy neighbour can starve the container.",
        Remediation = "Set resources.requests.cpu and resources.requests.memory on every container.",
        Mitre = CheckInfo.Techniques("T1499"),
        Frameworks = [FrameworkRef.Nsa("Pod security: resource policies")],
        Aliases = ["KSV015", "KSV016"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context) =>
        ResourceFields.Missing(workload, "requests", Info);
}
