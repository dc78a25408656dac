using Palisade.Core.Findings;

namespace Palisade.Kubernetes;

/// <summary>What a manifest scan found, before ignore-file suppressions are applied.</summary>
internal sealed record ManifestScanOutput(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyList<Diagnostic> Diagnostics,
    int ObjectCount);
