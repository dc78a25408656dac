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
                var output = await new ManifestScanner(new KustomizeRenderer(), () => Stream.Null).ScanAsync(new ManifestScanRequest([dir], options), Palisade.Core.Scanning.NoProgress.Instance, CancellationToken.None);
                return (watch.Elapsed.TotalSeconds, $"{output.Findings.Count:N0} findings");
            case "cluster-floor":
                // Decompress the snapshot and parse every object once: what any scan of it must do.
                var snapshot = await Palisade.Cluster.Snapshot.SnapshotFile.ReadAsync(dir, CancellationToken.None);
                var objects = snapshot.Resources.Sum(r => r.Items.Count);
                return (watch.Elapsed.TotalSeconds, $"{objects:N0} objects");
            case "audit-floor":
                var lines = 0;
                using (var stream = File.OpenRead(dir))
                using (var reader = new Palisade.Audit.Events.Utf8LineReader(stream, 16 * 1024 * 1024))
                {
                    while (reader.Next() is { } line)
                    {
                        using var parsedLine = System.Text.Json.JsonDocument.Parse(line.Text);
                        lines++;
                    }
                }
                return (watch.Elapsed.TotalSeconds, $"{lines:N0} events");
            case "image-floor":
                // What any scan of an image must do: hash each layer blob, decompress it and read every tar member
                // through (an OCI layout's blobs, or the layers inside a docker-archive, which are usually plain tars), streamed.
                var members = 0;
                ForEachLayer(dir, layer =>
                {
                    System.Security.Cryptography.SHA256.HashData(layer);
                    layer.Position = 0;
                    members += ReadThrough(layer);
                });
                return (watch.Elapsed.TotalSeconds, $"{members:N0} tar members");
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

    /// <summary>Each compressed layer of an OCI layout directory or a docker-archive file, as a seekable stream.</summary>
    private static void ForEachLayer(string path, Action<Stream> read)
    {
        if (Directory.Exists(path))
        {
            foreach (var blob in Directory.GetFiles(Path.Combine(path, "blobs", "sha256")).Where(f => new FileInfo(f).Length > 4096))
            {
                using var stream = File.OpenRead(blob);
                read(stream);
            }
            return;
        }
        using var archive = new System.Formats.Tar.TarReader(File.OpenRead(path));
        while (archive.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is { Length: > 4096, CanSeek: true } data && IsLayer(data))
            {
                read(data);
            }
        }
    }

    /// <summary>A gzip stream, or a plain tar (docker-archives usually hold layers uncompressed).</summary>
    private static bool IsLayer(Stream data) => IsGzip(data) || IsTar(data);

    private static bool IsGzip(Stream data)
    {
        Span<byte> magic = stackalloc byte[2];
        var gzip = data.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        data.Position = 0;
        return gzip;
    }

    private static bool IsTar(Stream data)
    {
        Span<byte> header = stackalloc byte[512];
        var tar = data.Read(header) == 512 && header.Slice(257, 5).SequenceEqual("ustar"u8);
        data.Position = 0;
        return tar;
    }

    private static int ReadThrough(Stream layer)
    {
        var buffer = new byte[81920];
        var members = 0;
        using var content = IsGzip(layer) ? new System.IO.Compression.GZipStream(layer, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true) : null;
        using var tar = new System.Formats.Tar.TarReader(content ?? layer, leaveOpen: true);
        while (tar.GetNextEntry() is { } entry)
        {
            members++;
            if (entry.DataStream is { } data)
            {
                while (data.Read(buffer) > 0)
                {
                }
            }
        }
        return members;
    }
}
