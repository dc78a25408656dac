using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class DefaultNamespaceCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("workload.default-namespace"),
        Title = "Workload in the default namespace",
        Severity = Severity.Low,
        Description = "The default namespace has no purpose-made RBAC, quotas or network policies; workloads there share a boundary with everything else put there by accident.",
        Remediation = "Deploy workloads into a dedicated namespace with its own RBAC, quotas and network policies.",
        Mitre = CheckInfo.Techniques("T1610"),
        Frameworks = [FrameworkRef.Cis("5.7.4")],
        Aliases = ["KSV110", "C-0061"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        if (workload.Object.Namespace == "default")
        {
            yield return new CheckHit(workload.Object.Metadata?["namespace"], $"{workload.Object.Kind} '{workload.Object.Name}' is in the default namespace", "metadata.namespace: default");
        }
    }
}
