using Palisade.Cluster.Versions;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>Kubernetes version out of support.</summary>
public sealed class EndOfLifeCheck : IVersionCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.version.end-of-life", "Kubernetes version out of support", Severity.High,
        "Only the three newest Kubernetes minor versions receive patches; an end-of-life API server or kubelet no longer gets security fixes.",
        "Upgrade the control plane, then the nodes, one minor version at a time to a supported release.", "T1190", "T1068");

    CheckInfo IVersionCheck.Info => Info;

    public IEnumerable<VersionHit> Evaluate(KubeVersion version, ReleaseSupport support)
    {
        if (support.Release is { } release && release.EndOfLife < support.Today)
        {
            yield return new VersionHit(
                $"Kubernetes 1.{release.Minor} reached end of life on {release.EndOfLife:yyyy-MM-dd}{support.Estimated}; supported now: {string.Join(", ", support.Supported)}");
        }
    }
}
