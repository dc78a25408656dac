using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Kubernetes Dashboard reachable without login.</summary>
public sealed class DashboardCheck : ServiceCheck
{
    public override CheckInfo Info { get; } = NetworkCheck.Define("hunt.dashboard.exposed", "Kubernetes Dashboard reachable without login", Severity.High,
        "The Kubernetes Dashboard answers without authentication.", "Expose the dashboard only through kubectl proxy or an authenticating proxy; never with a privileged service account.", ["T1133"], "KHV029");

    protected override string Service => "kubernetes-dashboard";

    protected override IEnumerable<EndpointHit> EvaluateService(EndpointReport report)
    {
        yield return new EndpointHit($"{report.Endpoint}: the Kubernetes Dashboard answers without authentication", "GET / → 200");
    }
}
