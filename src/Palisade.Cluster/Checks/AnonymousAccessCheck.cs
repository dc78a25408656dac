using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>API server answers anonymous requests for cluster data.</summary>
public sealed class AnonymousAccessCheck : IClusterCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.anonymous-access", "API server answers anonymous requests for cluster data", Severity.Critical,
        "Requests without credentials were answered with cluster data: anyone who can reach the API server can read it.",
        "Set --anonymous-auth=false on the API server, or remove every RBAC binding to system:anonymous and system:unauthenticated.", "T1078.001", "T1613");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        if (context.AnonymouslyAnswered.Contains("/api/v1/namespaces"))
        {
            yield return new Finding(Info, context.ClusterTarget, $"an unauthenticated GET {context.Snapshot.Server.TrimEnd('/')}/api/v1/namespaces returned the namespace list", "GET /api/v1/namespaces → 200");
        }
    }
}
