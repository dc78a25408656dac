using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

/// <summary>
/// A pod that shares one process namespace lets every container see the others' processes and, through
/// /proc/PID/root and /proc/PID/environ, read their files and environment: a compromised sidecar reads the
/// application's secrets.
/// </summary>
public sealed class ShareProcessNamespaceCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.share-process-namespace"),
        Title = "Containers share one process namespace",
        Severity = Severity.Low,
        Description = "With shareProcessNamespace: true every container of the pod sees the others' processes and can read their files and environment through /proc, so one compromised container reaches the secrets of all.",
        Remediation = "Remove shareProcessNamespace unless a sidecar truly needs to signal or inspect the main process; use an ephemeral debug container for troubleshooting instead.",
        Mitre = CheckInfo.Techniques("T1552.001", "T1613"),
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        if (workload.Pod.Spec.Bool("shareProcessNamespace") == true)
        {
            yield return new CheckHit(workload.Pod.Spec.Scalar("shareProcessNamespace"),
                $"{workload.Object.Kind} '{workload.Object.Name}': its {workload.AllContainers().Count} container(s) share one process namespace", "shareProcessNamespace: true");
        }
    }
}
