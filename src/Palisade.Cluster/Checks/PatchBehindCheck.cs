using Palisade.Cluster.Versions;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>Kubernetes patch release behind.</summary>
public sealed class PatchBehindCheck : IVersionCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.version.patch-behind", "Kubernetes patch release behind", Severity.Low,
        "A newer patch release of the same minor version exists; patch releases carry the security fixes.", "Apply the latest patch release of the minor version.", "T1190");

    CheckInfo IVersionCheck.Info => Info;

    public IEnumerable<VersionHit> Evaluate(KubeVersion version, ReleaseSupport support)
    {
        if (support.Release is { } release && KubeVersion.Parse(release.LatestPatch) is { } latest && latest.Patch > version.Patch)
        {
            yield return new VersionHit($"{version.Plain} is behind the latest patch release {latest.Plain}");
        }
    }
}
