using Palisade.Core.Catalog;
using Palisade.Core.Findings;
using Palisade.Core.Registration;
using Palisade.Kubernetes.PodSecurity;

namespace Palisade.Kubernetes.Checks;

/// <summary>Every manifest check: each check class is found at build time by the registration generator (no reflection, so trimming and Native AOT keep them).</summary>
public static partial class ManifestChecks
{
    [Discovered]
    private static partial IReadOnlyList<IManifestCheck> OtherPerObject();

    [Discovered]
    private static partial IReadOnlyList<ICrossObjectCheck> DiscoveredCrossObject();

    /// <summary>The Pod Security Standards controls (one check per control), then every other per-object check class.</summary>
    public static IReadOnlyList<IManifestCheck> PerObject { get; } = [.. PodSecurityControls.All.Select(c => new PodSecurityCheck(c)), .. OtherPerObject()];

    public static IReadOnlyList<ICrossObjectCheck> CrossObject { get; } = DiscoveredCrossObject();

    public static IEnumerable<CheckInfo> Catalog => PerObject.Select(c => c.Info).Concat(CrossObject.Select(c => c.Info));

    /// <summary>These checks for the registry.</summary>
    public static ICheckSource Source { get; } = new CheckSource("manifests", () => Catalog);
}
