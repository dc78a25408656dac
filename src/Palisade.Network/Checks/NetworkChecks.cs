using Palisade.Core.Catalog;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Network.Checks;

/// <summary>Every network check (no reflection: the registration generator lists them); kube-hunter's KHV ids are aliases where one matches.</summary>
public static partial class NetworkChecks
{
    [Discovered]
    private static partial IReadOnlyList<IEndpointCheck> DiscoveredEndpointChecks();

    /// <summary>The passive endpoint checks: every <see cref="IEndpointCheck"/> class, found at build time.</summary>
    public static IReadOnlyList<IEndpointCheck> Endpoint { get; } = DiscoveredEndpointChecks();

    public static IReadOnlyList<CheckInfo> All { get; } = [.. Endpoint.Select(c => c.Info), KubeletRunCheck.Info, PodTokenCheck.Info, CloudMetadataCheck.Info];

    public static ICheckSource Source { get; } = new CheckSource("network", () => All);
}
