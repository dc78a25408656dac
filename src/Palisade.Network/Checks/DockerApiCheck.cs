using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Docker API exposed without TLS.</summary>
public sealed class DockerApiCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.docker.no-tls", "Docker API exposed without TLS", Severity.Critical,
        "The Docker daemon's API answers over plain TCP: anyone reaching it can start privileged containers, i.e. root on the host.",
        "Bind dockerd to its Unix socket only, or require TLS client certificates (--tlsverify).", ["T1610", "T1611"]);

    protected override string Service => "docker";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Tls is null)
        {
            yield return new EndpointHit($"{report.Endpoint}: the Docker API ({report.Version}) answers over plain TCP", "GET /version → 200");
        }
    }
}
