using Palisade.Cluster.Snapshot;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Exposure;

/// <summary>What the API server told a client without credentials during collection.</summary>
public static class AnonymousAccess
{
    private static readonly string[] DiscoveryPaths = ["/api", "/apis"];

    public static IEnumerable<Finding> Findings(ClusterSnapshot snapshot)
    {
        var target = new Target(null, new ResourceRef("Cluster", null, snapshot.Context));
        var answered = snapshot.Anonymous.Where(a => a.Status == 200).Select(a => a.Path).ToHashSet(StringComparer.Ordinal);
        if (answered.Contains("/api/v1/namespaces"))
        {
            yield return new Finding(ClusterChecks.AnonymousAccess, target, $"an unauthenticated GET {snapshot.Server.TrimEnd('/')}/api/v1/namespaces returned the namespace list", "GET /api/v1/namespaces → 200");
        }
        if (answered.Contains("/api") || answered.Contains("/apis"))
        {
            yield return new Finding(ClusterChecks.AnonymousDiscovery, target, $"unauthenticated requests to {string.Join(" and ", DiscoveryPaths.Where(answered.Contains))} list the served APIs", "→ 200");
        }
        if (answered.Contains("/version"))
        {
            yield return new Finding(ClusterChecks.VersionDisclosed, target, $"/version answers without credentials ({snapshot.Version?.GitVersion ?? "version shown"})", "GET /version → 200") { Status = FindingStatus.Info };
        }
    }
}
