using Palisade.Core.Catalog;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Cluster.Checks;

/// <summary>
/// The checks only a live cluster (or its snapshot) can answer, found at build time by the registration generator (no reflection); manifest and node
/// checks are reused as they are.
/// </summary>
public static partial class ClusterChecks
{
    [Discovered]
    private static partial IReadOnlyList<IVersionCheck> DiscoveredVersionChecks();

    [Discovered]
    private static partial IReadOnlyList<IClusterCheck> DiscoveredClusterChecks();

    /// <summary>Support-calendar checks, run on every Kubernetes version seen (API server, kubelets, disclosed by an endpoint).</summary>
    public static IReadOnlyList<IVersionCheck> Version { get; } = DiscoveredVersionChecks();

    /// <summary>Whole-cluster checks: every <see cref="IClusterCheck"/> class, found at build time.</summary>
    public static IReadOnlyList<IClusterCheck> Cluster { get; } = DiscoveredClusterChecks();

    public static IReadOnlyList<CheckInfo> All { get; } = [.. Version.Select(c => c.Info), .. Cluster.Select(c => c.Info)];

    public static ICheckSource Source { get; } = new CheckSource("cluster", () => All);
}
