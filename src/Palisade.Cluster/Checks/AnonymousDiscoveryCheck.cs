using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>API server lists its APIs to anonymous users.</summary>
public sealed class AnonymousDiscoveryCheck : IClusterCheck
{
    private static readonly string[] DiscoveryPaths = ["/api", "/apis"];

    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.anonymous-discovery", "API server lists its APIs to anonymous users", Severity.Medium,
        "Unauthenticated discovery of /api and /apis helps an attacker map the cluster; Kubernetes has denied it by default since 1.14.",
        "Remove bindings that give system:unauthenticated the system:discovery role, or disable anonymous authentication.", "T1613");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        string[] answered = [.. DiscoveryPaths.Where(context.AnonymouslyAnswered.Contains)];
        if (answered.Length > 0)
        {
            yield return new Finding(Info, context.ClusterTarget, $"unauthenticated requests to {string.Join(" and ", answered)} list the served APIs", "→ 200");
        }
    }
}
