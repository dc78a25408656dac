using System.Net;
using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Component metrics reachable from the network.</summary>
public sealed class MetricsExposedCheck : IEndpointCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.metrics.exposed", "Component metrics reachable from the network", Severity.Medium,
        "kube-proxy, cAdvisor or control-plane metrics answer on a non-loopback address without authentication, leaking pod, node and network details.",
        "Bind metrics to 127.0.0.1 (--metrics-bind-address) or put them behind authentication.", ["T1613", "T1046"]);

    CheckInfo IEndpointCheck.Info => Info;

    public IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now)
    {
        if (report.Answered("/metrics") && !IPAddress.IsLoopback(report.Endpoint.Address) && report.Service is "kube-proxy" or "cadvisor" or "kubernetes-component" or "kube-apiserver" or "etcd")
        {
            yield return new EndpointHit($"{report.Endpoint}: {report.Service} metrics answer unauthenticated requests on a network address", "GET /metrics → 200");
        }
    }
}
