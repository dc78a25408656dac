using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>etcd answers without TLS.</summary>
public sealed class EtcdPlainCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.etcd.no-tls", "etcd answers without TLS", Severity.Critical,
        "etcd answers plain HTTP: every Secret and object of the cluster can be read (and written) by anyone reaching the port.",
        "Serve etcd clients over TLS with --client-cert-auth=true and a trusted CA; firewall 2379 to the API servers.", ["T1552.007", "T1190"], "KHV034", "KHV032", "KHV033");

    protected override string Service => "etcd";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls is null)
        {
            var readable = report.Answers.TryGetValue("range", out var range) && range.Status == 200;
            yield return new EndpointHit($"{report.Endpoint}: etcd {report.Version} answers plain HTTP without credentials{(readable ? "; its keys can be read" : "")}", $"GET /version → {report.Version}");
        }
    }
}
