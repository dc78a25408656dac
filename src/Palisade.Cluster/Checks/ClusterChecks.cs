using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>
/// The checks only a live cluster (or its snapshot) can answer, listed explicitly (no reflection); manifest and node
/// checks are reused as they are.
/// </summary>
public static class ClusterChecks
{
    /// <summary>Support-calendar checks, run on every Kubernetes version seen (API server, kubelets, disclosed by an endpoint).</summary>
    public static IReadOnlyList<IVersionCheck> Version { get; } = [new EndOfLifeCheck(), new EndsSoonCheck(), new PatchBehindCheck()];

    /// <summary>Whole-cluster checks, in the order their findings are reported.</summary>
    public static IReadOnlyList<IClusterCheck> Cluster { get; } =
    [
        new EscalationPathCheck(), new NodeEscapePathCheck(), new PowerfulPodAccountCheck(),
        new SkewCheck(), new AnonymousAccessCheck(), new AnonymousDiscoveryCheck(), new VersionDisclosedCheck(),
    ];

    public static IReadOnlyList<CheckInfo> All { get; } = [.. Version.Select(c => c.Info), .. Cluster.Select(c => c.Info)];

    public static ICheckSource Source { get; } = new CheckSource("cluster", () => All);
}
