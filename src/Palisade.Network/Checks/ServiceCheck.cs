using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>A check that only applies to one recognised service (kube-apiserver, kubelet, etcd…).</summary>
public abstract class ServiceCheck : IEndpointCheck
{
    public abstract CheckInfo Info { get; }

    /// <summary>The service the probe must have recognised for this check to look at the endpoint.</summary>
    protected abstract string Service { get; }

    public virtual IReadOnlyList<string> Paths => [];

    public IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now) =>
        report.Service == Service ? EvaluateService(report) : [];

    protected abstract IEnumerable<EndpointHit> EvaluateService(EndpointReport report);
}
