using Palisade.Core.Findings;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks;

/// <summary>Reports one Pod Security Standards control when the scan's level and version put it in force.</summary>
public sealed class PodSecurityCheck(IPodSecurityControl control) : WorkloadCheck
{
    public override CheckInfo Info => control.Info;

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context) =>
        context.PodSecurity.TryGetRule(control.ControlId, out var rule) ? rule.Evaluate(workload.Pod) : [];
}
