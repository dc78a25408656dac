using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>etcd accepts TLS clients without a certificate.</summary>
public sealed class EtcdNoClientAuthCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.etcd.no-client-auth", "etcd accepts TLS clients without a certificate", Severity.Critical,
        "etcd speaks TLS but answers clients that present no certificate, so encryption protects nothing from whoever connects.",
        "Set --client-cert-auth=true with --trusted-ca-file so only the API servers' client certificates are accepted.", ["T1552.007", "T1190"], "KHV032");

    protected override string Service => "etcd";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls is { RefusedWithoutClientCertificate: false })
        {
            yield return new EndpointHit($"{report.Endpoint}: etcd {report.Version} answers TLS clients that present no certificate", $"GET /version → {report.Version}");
        }
    }
}
