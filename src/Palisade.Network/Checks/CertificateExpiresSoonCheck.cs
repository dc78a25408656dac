using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>TLS certificate expires within 30 days.</summary>
public sealed class CertificateExpiresSoonCheck : IEndpointCheck
{
    private const int WarningDays = 30;

    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.tls.certificate-expires-soon", "TLS certificate expires within 30 days", Severity.Medium,
        "The endpoint's certificate expires within 30 days: when it does, clients fail or are taught to skip verification.",
        "Renew the certificate now (kubeadm certs renew, or your issuer) and automate renewal.", ["T1190"]);

    CheckInfo IEndpointCheck.Info => Info;

    public IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now)
    {
        if (report.Tls is { Subject.Length: > 0 } tls && tls.NotAfter >= now && tls.NotAfter < now.AddDays(WarningDays))
        {
            yield return new EndpointHit($"{report.Endpoint}: the certificate {tls.Subject} expires on {tls.NotAfter:yyyy-MM-dd}", tls.Issuer);
        }
    }
}
