using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Kubernetes Dashboard reachable without login.</summary>
public sealed class DashboardCheck : IEndpointCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.dashboard.exposed", "Kubernetes Dashboard reachable without login", Severity.High,
        "The Kubernetes Dashboard answers without authentication.", "Expose the dashboard only through kubectl proxy or an authenticating proxy; never with a privileged service account.", ["T1133"], "KHV029");

    CheckInfo IEndpointCheck.Info => Info;

    public IEnumerable<EndpointHit> Evaluate(EndpointReport report, DateTimeOffset now)
    {
        if (report.Service != "kubernetes-dashboard")
        {
            yield break;
        }
        yield return new EndpointHit($"{report.Endpoint}: the Kubernetes Dashboard answers without authentication", "GET / → 200");
    }
}
