using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Kubelet API answers anonymous requests.</summary>
public sealed class KubeletAnonymousCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.kubelet.anonymous", "Kubelet API answers anonymous requests", Severity.Critical,
        "The kubelet's API (10250) serves pods, and with them exec and run, to unauthenticated requests.",
        "Set authentication.anonymous.enabled: false and authorization.mode: Webhook in the kubelet configuration.", ["T1609", "T1078.001"], "KHV036", "KHV042", "KHV051");

    protected override string Service => "kubelet";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls is not null && report.Answered("/pods"))
        {
            yield return new EndpointHit($"{report.Endpoint}: the kubelet lists its pods to anonymous requests", $"GET /pods → 200 ({KubeletPods.Count(report)} pods)");
        }
    }
}
