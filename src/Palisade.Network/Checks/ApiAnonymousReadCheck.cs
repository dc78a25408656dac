using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>API server serves cluster data to anonymous requests.</summary>
public sealed class ApiAnonymousReadCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.apiserver.anonymous-read", "API server serves cluster data to anonymous requests", Severity.Critical,
        "An unauthenticated request to the API server returned cluster objects (namespaces).", "Disable anonymous authentication (--anonymous-auth=false) or remove RBAC grants to system:anonymous/system:unauthenticated.",
        ["T1078.001", "T1613"], "KHV007");

    protected override string Service => "kube-apiserver";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Answered("/api/v1/namespaces"))
        {
            yield return new EndpointHit($"{report.Endpoint}: an anonymous GET /api/v1/namespaces returned the namespace list", "GET /api/v1/namespaces → 200");
        }
    }
}
