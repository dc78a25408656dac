using System.Diagnostics;
using System.Globalization;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests.Kustomize;
using YamlDotNet.RepresentationModel;

namespace Palisade.Benchmarks;

internal static class Phases
{
    public static async Task<(double Seconds, string Detail)> RunOnceAsync(string phase, string dir)
    {
        var watch = Stopwatch.StartNew();
        switch (phase)
        {
            case "parse":
                var documents = ParseOnly(dir);
                return (watch.Elapsed.TotalSeconds, $"{documents:N0} documents");
            case "scan-1":
            case "scan-all":
                var options = new ManifestScanOptions { MaxParallelism = phase == "scan-1" ? 1 : Environment.ProcessorCount };
                var output = await new ManifestScanner(options, new KustomizeRenderer(), () => Stream.Null).ScanAsync([dir], CancellationToken.None);
                return (watch.Elapsed.TotalSeconds, $"{output.ObjectCount:N0} objects, {output.Findings.Count:N0} findings");
            default:
                throw new ArgumentException($"unknown phase {phase}");
        }
    }

    /// <summary>The floor: read each file and build YamlDotNet's tree with positions, nothing else.</summary>
    private static int ParseOnly(string dir)
    {
        var documents = 0;
        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(file)));
            documents += stream.Documents.Count;
        }
        return documents;
    }

    /// <summary>Both sides run once on a small corpus first, so neither pays for JIT compilation in the figures.</summary>
    public static async Task WarmUpAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"palisade-bench-warmup-{Environment.ProcessId}");
        ManifestCorpus.Generate(1000, dir);
        try
        {
            await RunOnceAsync("parse", dir);
            await RunOnceAsync("scan-1", dir);
            await RunOnceAsync("scan-all", dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Peak resident set size of this process (VmHWM).</summary>
    public static double PeakMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
