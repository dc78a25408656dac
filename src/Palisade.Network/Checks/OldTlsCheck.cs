using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Old TLS protocol accepted.</summary>
public sealed class OldTlsCheck : IEndpointCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.tls.old-protocol", "Old TLS protocol accepted", Severity.Medium,
        "The endpoint accepts TLS 1.0 or 1.1, which have known weaknesses.", "Set the minimum TLS version to 1.2 (--tls-min-version=VersionTLS12).", ["T1190"]);

    CheckInfo IEndpointCheck.Info => Info;

    public IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now)
    {
        if (report.Tls is { Subject.Length: > 0, AcceptsLegacy: { } legacy })
        {
            yield return new EndpointHit($"{report.Endpoint}: accepts a client that offers only {legacy}", legacy);
        }
    }
}
