using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>Runs every endpoint check on what a passive probe saw.</summary>
public static class EndpointFindings
{
    public static IEnumerable<Finding> For(EndpointReport report, DateTimeOffset now)
    {
        var target = new Target(null, new ResourceRef("Endpoint", null, $"{report.Scheme}://{report.Endpoint}"));
        return NetworkChecks.Endpoint.SelectMany(check => check.Evaluate(report, now)
            .Select(hit => new Finding(check.Info, target, hit.Message, hit.Evidence) { Status = hit.Status }));
    }
}
