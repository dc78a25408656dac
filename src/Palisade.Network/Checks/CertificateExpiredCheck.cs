using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>TLS certificate expired.</summary>
public sealed class CertificateExpiredCheck : IEndpointCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.tls.certificate-expired", "TLS certificate expired", Severity.High,
        "The endpoint's certificate has expired: clients fail, or are taught to skip verification.",
        "Renew the certificate (kubeadm certs renew, or your issuer) and automate renewal.", ["T1190"]);

    CheckInfo IEndpointCheck.Info => Info;

    public IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now)
    {
        if (report.Tls is { Subject.Length: > 0 } tls && tls.NotAfter < now)
        {
            yield return new EndpointHit($"{report.Endpoint}: the certificate {tls.Subject} expired on {tls.NotAfter:yyyy-MM-dd}", tls.Issuer);
        }
    }
}
