using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>API server version visible without credentials.</summary>
public sealed class VersionDisclosedCheck : IClusterCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.version-disclosed", "API server version visible without credentials", Severity.Info,
        "/version answers anonymous requests (the default system:public-info-viewer binding), which tells attackers which CVEs apply.",
        "Keep the API server patched; disable anonymous authentication if nothing relies on it.", "T1613");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        if (context.AnonymouslyAnswered.Contains("/version"))
        {
            yield return new Finding(Info, context.ClusterTarget, $"/version answers without credentials ({context.Snapshot.Version?.GitVersion ?? "version shown"})", "GET /version → 200") { Status = FindingStatus.Info };
        }
    }
}
