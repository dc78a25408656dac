using Palisade.Network.Probing;

namespace Palisade.Network;

/// <summary>
/// A network hunt: targets (CIDR, host, host:port) on these ports, how hard to knock, and whether to look from
/// inside a pod (<see cref="Pod"/>) as well.
/// </summary>
public sealed record NetworkScanRequest(IReadOnlyList<string> Targets, IReadOnlyList<int> Ports)
{
    /// <summary>Public addresses are refused unless the user says they are authorised to test them.</summary>
    public bool AllowPublic { get; init; }

    public HuntOptions Hunt { get; init; } = new();

    /// <summary>When set, the pod's token, metadata service and node kubelet are reviewed and probed too.</summary>
    public PodContext? Pod { get; init; }
}
