using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks;

/// <summary>Base for checks that look at the pod template of any workload kind.</summary>
public abstract class WorkloadCheck : IManifestCheck
{
    public abstract CheckInfo Info { get; }

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context) =>
        Workload.From(obj) is { } workload ? Evaluate(workload, context) : [];

    protected abstract IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context);
}
