using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.Images;
using Palisade.Images.Checks;
using Palisade.Images.Layers;
using Palisade.Images.Sources;

namespace Palisade.Benchmarks;

/// <summary>
/// Image scan time against the floor of decompressing and reading through the same layers once (GZipStream into
/// TarReader, every member's data read): a synthesised Debian-like image of 3 layers, 180 dpkg packages, a
/// node_modules tree, Python dist-infos and a few thousand files of text and binary content.
/// </summary>
internal static class ImageBench
{
    public static void Run(int rounds)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"palisade-image-bench-{Environment.ProcessId}");
        var (files, packages, bytes) = Generate(dir);
        try
        {
            Scan(dir);
            Floor(dir);
            var scans = new List<double>();
            var floors = new List<double>();
            var found = 0;
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                found = Scan(dir);
                scans.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                Floor(dir);
                floors.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine();
            Console.WriteLine($"== image scan: OCI layout, 3 gzip layers, {files:N0} files, {bytes / 1024.0 / 1024.0:0.0} MiB uncompressed, {packages} OS packages; best of {rounds}");
            Console.WriteLine($"  gunzip + read every tar member (floor) : {floors.Min(),7:0.0} ms");
            var tar = Enumerable.Range(0, Math.Min(rounds, 3)).Select(_ => Time(() => TarToNull(dir))).Min();
            Console.WriteLine($"  tar -xzOf LAYER > /dev/null (GNU tar + gzip, the issue's baseline): {tar,7:0.0} ms");
            Console.WriteLine($"  palisade scan image (inventory, secrets, setuid, both digests): {scans.Min(),7:0.0} ms, {found:N0} packages");
            Console.WriteLine($"  ratio to our own gunzip+untar: {scans.Min() / floors.Min():0.00}x; ratio to tar -xzf: {scans.Min() / tar:0.00}x");
            if (Environment.GetEnvironmentVariable("PALISADE_BENCH_DETAIL") is not null)
            {
                var noSecrets = Enumerable.Range(0, rounds).Select(_ => Time(() => Scan(dir, secrets: false))).Min();
                var hashOnly = Enumerable.Range(0, rounds).Select(_ => Time(() => FloorHashed(dir))).Min();
                Console.WriteLine($"  without secret scanning: {noSecrets:0.0} ms; floor + sha256 of both streams: {hashOnly:0.0} ms");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void TarToNull(string dir)
    {
        foreach (var blob in Directory.GetFiles(Path.Combine(dir, "blobs", "sha256")).Where(f => new FileInfo(f).Length > 4096))
        {
            using var tar = Process.Start(new ProcessStartInfo("tar", ["-xzOf", blob]) { RedirectStandardOutput = true, UseShellExecute = false })!;
            tar.StandardOutput.BaseStream.CopyTo(Stream.Null);
            tar.WaitForExit();
        }
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void FloorHashed(string dir)
    {
        var buffer = new byte[81920];
        foreach (var blob in Directory.GetFiles(Path.Combine(dir, "blobs", "sha256")).Where(f => new FileInfo(f).Length > 4096))
        {
            var bytes = File.ReadAllBytes(blob);
            SHA256.HashData(bytes);
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
    }

    private static int Scan(string dir, bool secrets = true)
    {
        using var image = OciLayout.Open(dir);
        var result = ImageAnalysis.Analyse(image, ImageConfig.Parse(image.Config), secrets);
        return result.Inventory.Packages.Count;
    }

    private static void Floor(string dir)
    {
        var buffer = new byte[81920];
        foreach (var blob in Directory.GetFiles(Path.Combine(dir, "blobs", "sha256")).Where(f => new FileInfo(f).Length > 4096))
        {
            using var gzip = new GZipStream(File.OpenRead(blob), CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is { } data)
                {
                    while (data.Read(buffer) > 0)
                    {
                    }
                }
            }
        }
    }

    internal static (int Files, int Packages, long Bytes) Generate(string dir)
    {
        var random = new Random(42);
        var status = new StringBuilder();
        var layers = new List<List<(string Path, byte[] Content, UnixFileMode Mode)>> { new(), new(), new() };
        const UnixFileMode File644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        const UnixFileMode File755 = File644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var packages = 180;
        for (var p = 0; p < packages; p++)
        {
            status.Append(CultureInfo($"Package: pkg{p}\nStatus: install ok installed\nVersion: 1.{p % 17}.{p % 5}-{p % 3 + 1}\nArchitecture: amd64\nSource: src{p / 3}\nDescription: generated package {p}\n\n"));
            for (var f = 0; f < 12; f++)
            {
                var binary = f % 3 == 0;
                var size = binary ? random.Next(20_000, 200_000) : random.Next(500, 12_000);
                var content = new byte[size];
                if (binary)
                {
                    random.NextBytes(content);
                    content[0] = 0x7F;
                    content[1] = (byte)'E';
                    content[2] = (byte)'L';
                    content[3] = (byte)'F';
                }
                else
                {
                    var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, size / 30 + 1).Select(i => $"line {i} of a configuration file value={i}\n")));
                    content = text[..size];
                }
                layers[0].Add(($"usr/lib/pkg{p}/file{f}{(binary ? "" : ".conf")}", content, binary ? File755 : File644));
            }
        }
        layers[0].Add(("var/lib/dpkg/status", Encoding.UTF8.GetBytes(status.ToString()), File644));
        layers[0].Add(("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"u8.ToArray(), File644));
        for (var n = 0; n < 600; n++)
        {
            layers[1].Add(($"app/node_modules/mod{n}/package.json", Encoding.UTF8.GetBytes($"{{\"name\":\"mod{n}\",\"version\":\"1.0.{n}\"}}"), File644));
            layers[1].Add(($"app/node_modules/mod{n}/index.js", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"module.exports = function f{n}() {{ return {n}; }};\n", 60))), File644));
        }
        for (var n = 0; n < 120; n++)
        {
            layers[2].Add(($"usr/lib/python3/dist-packages/lib{n}-2.{n}.0.dist-info/METADATA", Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: lib{n}\nVersion: 2.{n}.0\n\n"), File644));
            layers[2].Add(($"usr/lib/python3/dist-packages/lib{n}/__init__.py", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("def handler(event):\n    return event\n", 80))), File644));
        }
        Directory.CreateDirectory(Path.Combine(dir, "blobs", "sha256"));
        var tars = layers.Select(Tar).ToList();
        var blobs = tars.Select(t => Gzip(t)).ToList();
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { User = "1000" },
            rootfs = new { type = "layers", diff_ids = tars.Select(Digest).ToArray() },
            history = layers.Select((_, i) => new { created_by = $"RUN step {i}" }).ToArray(),
        });
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = Digest(config), size = config.Length },
            layers = blobs.Select(b => new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = Digest(b), size = b.Length }).ToArray(),
        });
        foreach (var blob in blobs.Append(config).Append(manifest))
        {
            File.WriteAllBytes(Path.Combine(dir, "blobs", "sha256", Digest(blob)[7..]), blob);
        }
        File.WriteAllText(Path.Combine(dir, "index.json"), JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            manifests = new[] { new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = Digest(manifest), size = manifest.Length } },
        }));
        return (layers.Sum(l => l.Count), packages, tars.Sum(t => (long)t.Length));
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static byte[] Tar(List<(string Path, byte[] Content, UnixFileMode Mode)> files)
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, content, mode) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content), Mode = mode });
            }
        }
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    private static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}
