using Palisade.Cluster.Versions;
using Palisade.Kubernetes;

namespace Palisade.Cluster;

/// <summary>A cluster scan: where the objects come from, the release calendar to judge versions by, and an optional audit policy copy.</summary>
public sealed record ClusterScanRequest(ClusterSourceSpec Source, KubernetesReleases Releases)
{
    public ManifestScanOptions Manifest { get; init; } = new();

    /// <summary>A copy of the API server's audit policy file (it lives on the control-plane host, not in the API).</summary>
    public string? AuditPolicyFile { get; init; }
}
