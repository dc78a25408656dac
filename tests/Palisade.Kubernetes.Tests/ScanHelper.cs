using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests.Kustomize;

namespace Palisade.Kubernetes.Tests;

internal static class ScanHelper
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static Task<ScanOutput> ScanAsync(params string[] paths) => ScanAsync(new ManifestScanOptions(), new KustomizeRenderer(), paths);

    public static Task<ScanOutput> ScanAsync(ManifestScanOptions options, KustomizeRenderer renderer, params string[] paths) =>
        new ManifestScanner(renderer, () => new MemoryStream()).ScanAsync(new ManifestScanRequest(paths, options), NoProgress.Instance, CancellationToken.None);

    public static Finding Single(ScanOutput output, string checkId, string? resourceName = null) =>
        Assert.Single(output.Findings, f => f.Check.Id.Value == checkId && (resourceName is null || f.Target.Resource?.Name == resourceName));

    public static Diagnostic Error(ScanOutput output) => Assert.Single(output.Diagnostics, d => d.Level == DiagnosticLevel.Error);
}
