using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Component version visible without credentials.</summary>
public sealed class VersionDisclosureCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.version-disclosure", "Component version visible without credentials", Severity.Low,
        "The component tells anyone its exact version, which tells an attacker which CVEs to try.", "Keep the component patched; restrict /version where nothing needs it.", ["T1613"], "KHV002");

    protected override string Service => "kube-apiserver";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        if (report.Version is { } version)
        {
            yield return new EndpointHit($"{report.Endpoint}: the API server discloses {version} to anonymous requests", version);
        }
    }
}
