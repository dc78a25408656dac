using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>etcd requires client certificates.</summary>
public sealed class EtcdMutualTlsCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.etcd.mutual-tls", "etcd requires client certificates", Severity.Info,
        "etcd refused a TLS client without a certificate: only holders of a certificate from its CA can talk to it.", "Nothing to do; keep the CA's keys restricted to the control plane.", ["T1552.007"]);

    protected override string Service => "etcd";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls?.RefusedWithoutClientCertificate == true)
        {
            yield return new EndpointHit($"{report.Endpoint}: etcd refused a TLS client without a certificate", report.Tls.Subject, FindingStatus.Pass);
        }
    }
}
