using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>API server reachable over plain HTTP.</summary>
public sealed class ApiInsecurePortCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.apiserver.insecure-port", "API server reachable over plain HTTP", Severity.Critical,
        "The API server answers over HTTP without TLS or authentication (the removed --insecure-port, or a proxy in front of it): anyone reaching the port is cluster-admin.",
        "Remove the insecure port or the unauthenticated proxy; serve the API over TLS only.", ["T1133", "T1078.001"], "KHV006");

    protected override string Service => "kube-apiserver";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls is null && report.Answered("/api"))
        {
            yield return new EndpointHit($"{report.Endpoint}: the API server answers /api over plain HTTP", "GET /api → 200 (no TLS)");
        }
    }
}
