namespace Palisade.Nodes.Inspection;

public sealed record NodeAuditOptions
{
    public string Root { get; init; } = "/";

    /// <summary>A benchmark version (cis-1.12) or "auto" to choose from the detected Kubernetes version.</summary>
    public string Benchmark { get; init; } = "auto";

    /// <summary>Override for "auto" when the version cannot be detected, e.g. 1.31.</summary>
    public string? KubernetesVersion { get; init; }

    /// <summary>master, etcd, controlplane, node, policies; empty means all.</summary>
    public IReadOnlySet<string> Targets { get; init; } = new HashSet<string>();

    /// <summary>Controls to run, by CIS number or check id; empty means all.</summary>
    public IReadOnlySet<string> OnlyChecks { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> SkipChecks { get; init; } = new HashSet<string>();
}
