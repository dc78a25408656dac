using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class ServiceAccountTokenCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.service-account-token-mounted"),
        Title = "Service account token mounted",
        Severity = Severity.Low,
        Description = "Every container gets an API token unless automountServiceAccountToken is false; an attacker in the container can use it against the API server.",
        Remediation = "Set spec.automountServiceAccountToken: false on pods that do not call the Kubernetes API (or on their ServiceAccount).",
        Mitre = CheckInfo.Techniques("T1528", "T1552.007"),
        Frameworks = [FrameworkRef.Cis("5.1.6")],
        Aliases = ["KSV036", "C-0034"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        var value = workload.Pod.Spec.Bool("automountServiceAccountToken");
        if (value != false)
        {
            yield return new CheckHit(workload.Pod.Spec["automountServiceAccountToken"] ?? workload.Pod.Spec,
                $"{workload.Object.Kind} '{workload.Object.Name}' mounts a service account token (automountServiceAccountToken is {(value is null ? "unset" : "true")})",
                $"automountServiceAccountToken: {(value is null ? "unset" : "true")}");
        }
    }
}
