using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>kubectl proxy reachable.</summary>
public sealed class KubectlProxyCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.kubectl-proxy", "kubectl proxy reachable", Severity.High,
        "A kubectl proxy forwards requests to the API server with the credentials of whoever started it, to anyone reaching it.",
        "Stop the proxy or bind it to 127.0.0.1 only (kubectl proxy --address=127.0.0.1).", ["T1133", "T1078"], "KHV049");

    protected override string Service => "kubectl-proxy";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        yield return new EndpointHit($"{report.Endpoint}: a kubectl proxy forwards anonymous requests to the API server ({report.Version})", "GET /api/v1/namespaces → 200");
    }
}
