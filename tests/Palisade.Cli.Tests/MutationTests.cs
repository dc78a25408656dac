using System.Formats.Tar;
using System.Text;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// Seeded mutants of realistic inputs (Fixtures/mutation) through every parser the CLI exposes: byte flips,
/// truncation, duplicated chunks, deep nesting, invalid UTF-8 and type swaps. Whatever the mutant, the answer is a
/// report or a diagnostic naming the input, never an internal error. Deterministic: the seed is the mutant's number.
/// </summary>
public sealed class MutationTests
{
    private const int Mutants = 150;

    private static byte[] Seed(string name) => File.ReadAllBytes(Fixture("mutation", name));

    internal static byte[] Mutate(byte[] original, int seed)
    {
        var random = new Random(seed);
        var data = new List<byte>(original);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits && data.Count > 0; e++)
        {
            var at = random.Next(data.Count);
            switch (random.Next(8))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 2:
                    var length = Math.Min(random.Next(1, 400), data.Count - at);
                    data.InsertRange(at, data.GetRange(at, length));
                    break;
                case 3:
                    var depth = random.Next(60, 3000);
                    var opener = random.Next(2) == 0 ? "[" : "{\"a\":";
                    data.InsertRange(at, Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(opener, depth))));
                    break;
                case 4:
                    data.InsertRange(at, [0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80]);
                    break;
                case 5:
                    var swaps = new[] { "null", "[]", "{}", "0", "\"\"", "true", "-1e999" };
                    data.InsertRange(at, Encoding.ASCII.GetBytes(swaps[random.Next(swaps.Length)]));
                    break;
                case 6:
                    data.RemoveRange(at, Math.Min(random.Next(1, 64), data.Count - at));
                    break;
                default:
                    const string Syntax = "\"{}[]:,\n\t-#&*!|>'%@`<";
                    data[at] = (byte)Syntax[random.Next(Syntax.Length)];
                    break;
            }
        }
        return [.. data];
    }

    private static async Task AssertNoInternalErrorAsync(string dir, int seed, params string[] args)
    {
        var run = await InProcessAsync(dir, args);
        Assert.False(run.Error.Contains("internal error", StringComparison.Ordinal), $"mutant {seed}: {run.Error}");
        Assert.True(run.ExitCode is 0 or 1 or 3, $"mutant {seed} of {string.Join(' ', args)}: exit {run.ExitCode}: {run.Error}");
    }

    /// <summary>Writes each mutant of a seed file and runs the command the arguments give for it.</summary>
    private static async Task RunMutantsAsync(string seedName, Func<string, string, int, string[]> command)
    {
        var dir = TempDirectory();
        var seed = Seed(seedName);
        for (var i = 0; i < Mutants; i++)
        {
            var path = Path.Combine(dir, $"m{i}-{seedName}");
            await File.WriteAllBytesAsync(path, Mutate(seed, i));
            await AssertNoInternalErrorAsync(dir, i, command(dir, path, i));
        }
    }

    [Fact]
    public Task Manifest_mutants_are_scanned_or_named() =>
        RunMutantsAsync("deployment.yaml", (_, path, _) => ["scan", "manifests", path, "--format", "json", "--quiet"]);

    [Fact]
    public Task Audit_log_mutants_are_analysed_or_named() =>
        RunMutantsAsync("audit.jsonl", (_, path, _) => ["audit", "analyze", path, "--format", "json", "--quiet"]);

    [Theory]
    [InlineData("updateinfo.xml")]
    [InlineData("osv.json")]
    public Task Advisory_feed_mutants_are_imported_or_named(string name) =>
        RunMutantsAsync(name, (dir, path, i) => ["db", "import", "--db", Path.Combine(dir, $"m{i}.db"), path]);

    [Fact]
    public async Task Cluster_snapshot_mutants_are_scanned_or_named()
    {
        var dir = TempDirectory();
        var seed = Seed("snapshot.json");
        for (var i = 0; i < Mutants; i++)
        {
            var path = Path.Combine(dir, $"m{i}.snapshot");
            using (var compressor = new ZstdSharp.Compressor(3))
            {
                await File.WriteAllBytesAsync(path, compressor.Wrap(Mutate(seed, i)).ToArray());
            }
            await AssertNoInternalErrorAsync(dir, i, "scan", "cluster", "--snapshot", path, "--format", "json", "--quiet");
        }
    }

    [Fact]
    public async Task Docker_archive_metadata_mutants_are_scanned_or_named()
    {
        var dir = TempDirectory();
        var manifest = Encoding.UTF8.GetBytes("[{\"Config\":\"config.json\",\"RepoTags\":[\"shop/frontend:2.4.1\"],\"Layers\":[\"layer.tar\"]}]");
        var config = Encoding.UTF8.GetBytes("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"User\":\"0\",\"Env\":[\"PATH=/usr/bin\",\"API_TOKEN=abc\"],\"ExposedPorts\":{\"22/tcp\":{}}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[{\"created_by\":\"ADD https://example.org/x /x\"}]}");
        for (var i = 0; i < Mutants; i++)
        {
            var path = Path.Combine(dir, $"m{i}.tar");
            var mutateManifest = i % 2 == 0;
            await using (var file = File.Create(path))
            await using (var tar = new TarWriter(file, TarEntryFormat.Pax))
            {
                await WriteAsync(tar, "manifest.json", mutateManifest ? Mutate(manifest, i) : manifest);
                await WriteAsync(tar, "config.json", mutateManifest ? config : Mutate(config, i));
                await WriteAsync(tar, "layer.tar", new byte[1024]);
            }
            await AssertNoInternalErrorAsync(dir, i, "scan", "image", path, "--offline", "--scanners", "config,secret", "--format", "json", "--quiet");
        }
    }

    private static async Task WriteAsync(TarWriter tar, string name, byte[] content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
        await tar.WriteEntryAsync(entry);
    }
}
