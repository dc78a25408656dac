using Palisade.Core.Findings;

namespace Palisade.Network.Checks;

/// <summary>Cloud metadata service reachable from the pod: raised by the pod review (PodRecon), which owns the request it needs.</summary>
public static class CloudMetadataCheck
{
    public static CheckInfo Info { get; } = NetworkCheck.Define("hunt.pod.cloud-metadata", "Cloud metadata service reachable from the pod", Severity.High,
        "The instance metadata endpoint (169.254.169.254) answers pods, exposing node credentials and user data.",
        "Block 169.254.169.254 with a NetworkPolicy or the cloud's metadata hop limit / IMDSv2, and use workload identity.", ["T1552.007", "T1528"], "KHV053", "KHV003");
}
