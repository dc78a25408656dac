using Palisade.Core.Yaml;
using Palisade.Kubernetes.Checks;

namespace Palisade.Kubernetes;

public sealed record ManifestScanOptions
{
    public ManifestContext Context { get; init; } = ManifestContext.Default;
    public DocumentLimits Limits { get; init; } = DocumentLimits.Default;
    /// <summary>
    /// Inputs read at once. One by default: YamlDotNet draws its string builders and look-ahead buffers from one
    /// process-wide pool, and on our two-core machines two parsing threads measured a third slower than one
    /// (bench/Palisade.Benchmarks prints both).
    /// </summary>
    public int MaxParallelism { get; init; } = 1;

    /// <summary>Relative paths are read from here and reported as the user typed them.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;

    /// <summary>When not empty, only these checks run (ids or aliases).</summary>
    public IReadOnlySet<string> OnlyChecks { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> SkipChecks { get; init; } = new HashSet<string>();

    /// <summary>User policies (admission policies, custom checks) run on every object after the built-in checks.</summary>
    public IObjectPolicies? Policies { get; init; }

    /// <summary>Answers the policies' authorizer questions; null when the scan has no RBAC model (plain manifests).</summary>
    public IAuthorizer? Authorizer { get; init; }

    /// <summary>Times the scan for its progress line.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>A manifest scan: files, directories (kustomizations rendered), or - for standard input.</summary>
public sealed record ManifestScanRequest(IReadOnlyList<string> Paths, ManifestScanOptions Options);
