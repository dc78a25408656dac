using Palisade.Cluster.Versions;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>What a version check concluded, said of the version (the caller names whose it is).</summary>
public sealed record VersionHit(string Message);

/// <summary>Where a minor version stands in the release calendar on a given day.</summary>
public sealed record ReleaseSupport(MinorRelease? Release, DateOnly Today, IReadOnlyList<string> Supported)
{
    public string Estimated => Release is { Estimated: true } ? " (an estimated date)" : "";

    public static ReleaseSupport For(KubeVersion version, KubernetesReleases releases, DateOnly today) =>
        new(version.Major == 1 ? releases.Find(version.Minor) : null, today, [.. releases.Supported(today).Select(m => $"1.{m.Minor}")]);
}

/// <summary>A check of one Kubernetes version against the support calendar, wherever the version was seen (cluster, node, endpoint).</summary>
public interface IVersionCheck
{
    CheckInfo Info { get; }

    IEnumerable<VersionHit> Evaluate(KubeVersion version, ReleaseSupport support);
}
