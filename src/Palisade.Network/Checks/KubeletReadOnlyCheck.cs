using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Kubelet read-only port exposes pods.</summary>
public sealed class KubeletReadOnlyCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.kubelet.read-only-port", "Kubelet read-only port exposes pods", Severity.High,
        "The kubelet's unauthenticated read-only port (10255) lists every pod on the node with its environment and volumes.",
        "Set readOnlyPort: 0 in the kubelet configuration (--read-only-port=0).", ["T1613", "T1552.007"], "KHV052");

    protected override string Service => "kubelet";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls is null && report.Answered("/pods"))
        {
            yield return new EndpointHit($"{report.Endpoint}: the kubelet lists its pods to anonymous requests on the read-only port", $"GET /pods → 200 ({KubeletPods.Count(report)} pods)");
        }
    }
}
