using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>API server lists its APIs to anonymous requests.</summary>
public sealed class ApiAnonymousDiscoveryCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.apiserver.anonymous-discovery", "API server lists its APIs to anonymous requests", Severity.Medium,
        "Unauthenticated requests to /api list the served API groups.", "Remove system:unauthenticated from the system:discovery binding, or disable anonymous authentication.", ["T1613"]);

    protected override string Service => "kube-apiserver";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        // Reading cluster data anonymously is reported instead, as the graver finding.
        if (report.Answered("/api") && !report.Answered("/api/v1/namespaces"))
        {
            yield return new EndpointHit($"{report.Endpoint}: anonymous requests to /api list the API versions", "GET /api → 200");
        }
    }
}
