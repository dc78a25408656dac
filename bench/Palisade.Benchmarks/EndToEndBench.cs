using System.Diagnostics;
using System.Globalization;

namespace Palisade.Benchmarks;

/// <summary>
/// What a user waits for: the built CLI run as a process (start-up, catalogue, scan, report writing) on generated
/// manifests, in every report format, beside the floor measured in the same run as a process too (YamlDotNet
/// building trees of the same files). Wall time and peak RSS come from /usr/bin/time; best of the rounds.
/// </summary>
internal static class EndToEndBench
{
    public static async Task<int> RunAsync(int documents, int rounds)
    {
        var cli = FindCli();
        if (cli is null)
        {
            Console.Error.WriteLine("no built CLI: run `dotnet build -c Release` (or ./build) first");
            return 2;
        }
        if (!File.Exists("/usr/bin/time"))
        {
            Console.Error.WriteLine("/usr/bin/time is needed for peak memory (Debian package 'time')");
            return 2;
        }
        var dir = Path.Combine(Path.GetTempPath(), $"palisade-e2e-{documents}");
        if (!Directory.Exists(dir))
        {
            ManifestCorpus.Generate(documents, dir);
        }
        var self = Environment.ProcessPath!;
        var selfArgs = self.EndsWith("dotnet", StringComparison.Ordinal) ? new[] { typeof(EndToEndBench).Assembly.Location } : [];
        Console.WriteLine($"{documents:N0} documents in {Directory.GetFiles(dir, "*.yaml", SearchOption.AllDirectories).Length:N0} files; CLI {cli}; best of {rounds}");
        var floor = Best(rounds, () => Measure(self, [.. selfArgs, "--phase", "parse", dir]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"floor (YamlDotNet trees, a process)",-40} {floor.Seconds,7:F2} s {floor.PeakMiB,7:F0} MiB"));
        foreach (var format in new[] { "table", "json", "sarif", "junit" })
        {
            var run = Best(rounds, () => Measure(cli, ["scan", "manifests", dir, "--format", format, "--output", "/dev/null", "--quiet"]));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"scan manifests --format " + format,-40} {run.Seconds,7:F2} s {run.PeakMiB,7:F0} MiB   {run.Seconds / floor.Seconds,5:F2}x the floor"));
        }
        var small = Directory.GetFiles(dir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        string[][] quick = [["--version"], ["checks", "list"], ["--help"], ["scan", "manifests", small, "--quiet"]];
        foreach (var args in quick)
        {
            var run = Best(rounds, () => Measure(cli, args));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{string.Join(' ', args.Select(a => a == small ? "ONE-FILE" : a)),-40} {run.Seconds * 1000,7:F0} ms {run.PeakMiB,7:F0} MiB"));
        }
        var snapshot = Path.Combine(Path.GetTempPath(), "palisade-e2e-cluster.snapshot");
        if (!File.Exists(snapshot))
        {
            await Palisade.Cluster.Snapshot.SnapshotFile.WriteAsync(ClusterBench.Generate(namespaces: 100, podsPerNamespace: 50, bindingsPerNamespace: 20), snapshot, CancellationToken.None);
        }
        Compare(rounds, "cluster: snapshot of 5,000 pods", [.. selfArgs, "--phase", "cluster-floor", snapshot], "JSON load of the same objects",
            cli, ["scan", "cluster", "--snapshot", snapshot, "--output", "/dev/null", "--quiet"]);
        using (var api = new LiveClusterApi(await Palisade.Cluster.Snapshot.SnapshotFile.ReadAsync(snapshot, CancellationToken.None)))
        {
            var folder = Directory.CreateTempSubdirectory("palisade-e2e-live").FullName;
            var kubeconfig = api.WriteKubeconfig(folder);
            var report = Path.Combine(folder, "live.json");
            var live = Best(rounds, () => Measure(cli, ["scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json", "--output", report, "--quiet"]));
            // A fast run that read nothing would be no figure: say what it found.
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
            var summary = json.RootElement.GetProperty("summary");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{"cluster: the same 5,000 pods, live (TLS API)",-40} {live.Seconds,7:F2} s {live.PeakMiB,7:F0} MiB   targets: 10 s, 400 MB; {json.RootElement.GetProperty("findings").GetArrayLength():N0} findings, {summary.GetProperty("errors").GetInt32()} input errors"));
            Directory.Delete(folder, recursive: true);
        }
        var log = Path.Combine(Path.GetTempPath(), "palisade-e2e-audit.log");
        if (!File.Exists(log))
        {
            AuditBench.Generate(log, 1_000_000);
        }
        Compare(rounds, "audit analyze: 1,000,000 events", [.. selfArgs, "--phase", "audit-floor", log], "a JsonDocument per line",
            cli, ["audit", "analyze", log, "--output", "/dev/null", "--quiet"]);
        var layout = Path.Combine(Path.GetTempPath(), "palisade-e2e-image");
        if (!Directory.Exists(layout))
        {
            ImageBench.Generate(layout);
        }
        // Advisory matching is left out on both sides: the floor is reading the image, not looking packages up.
        Compare(rounds, "image: OCI layout, 3 layers, 180 dpkg", [.. selfArgs, "--phase", "image-floor", layout], "sha256 + gunzip + tar read-through",
            cli, ["scan", "image", layout, "--scanners", "config,secret", "--output", "/dev/null", "--quiet"]);
        var archive = Path.Combine(Path.GetTempPath(), "palisade-e2e-image.tar");
        if (File.Exists(archive) || Skopeo(layout, archive))
        {
            Compare(rounds, "image: docker-archive, same image", [.. selfArgs, "--phase", "image-floor", archive], "sha256 + gunzip + tar read-through",
                cli, ["scan", "image", archive, "--scanners", "config,secret", "--output", "/dev/null", "--quiet"]);
        }
        return 0;
    }

    /// <summary>A docker-archive of the layout made by skopeo (Debian's package), when it is installed.</summary>
    private static bool Skopeo(string layout, string archive)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("skopeo", ["copy", "--quiet", $"oci:{layout}", $"docker-archive:{archive}:bench/image:1"]) { RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0 && File.Exists(archive);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("skopeo is not installed: the docker-archive row is skipped");
            return false;
        }
    }

    private static void Compare(int rounds, string title, string[] floorArgs, string floorName, string cli, string[] args)
    {
        var self = Environment.ProcessPath!;
        var floor = Best(rounds, () => Measure(self, floorArgs));
        var work = Enumerable.Range(0, rounds).Select(_ => FloorWork(self, floorArgs)).Min();
        var run = Best(rounds, () => Measure(cli, args));
        // The floor runs in a JIT process: its wall time includes .NET start-up, which a short floor feels. The ratio
        // to the floor's own work (timed inside it) is the stricter one and is printed too.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title,-40} {run.Seconds,7:F2} s {run.PeakMiB,7:F0} MiB   floor ({floorName}) {floor.Seconds:F2} s {floor.PeakMiB:F0} MiB: {run.Seconds / floor.Seconds:F2}x; its work alone {work:F2} s: {run.Seconds / work:F2}x"));
    }

    /// <summary>The seconds a floor phase timed itself (first field of its output line), without process start-up.</summary>
    private static double FloorWork(string self, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return double.Parse(output.Split('\t')[0], CultureInfo.InvariantCulture);
    }

    private static (double Seconds, double PeakMiB) Best(int rounds, Func<(double, double)> measure) =>
        Enumerable.Range(0, rounds).Select(_ => measure()).MinBy(r => r.Item1);

    /// <summary>One run under /usr/bin/time: wall seconds and maximum resident set size.</summary>
    internal static (double Seconds, double PeakMiB) Measure(string program, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "%e %M", program }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_TieredPGO"] = "1";
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var last = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Split(' ');
        return (double.Parse(last[0], CultureInfo.InvariantCulture), double.Parse(last[1], CultureInfo.InvariantCulture) / 1024);
    }

    /// <summary>The release binary: dist/palisade (Native AOT) when built, else the JIT build's apphost.</summary>
    internal static string? FindCli()
    {
        var root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Palisade.slnx")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/'));
        }
        return root is null ? null
            : new[] { Path.Combine(root, "dist", "palisade"), Path.Combine(root, "src", "Palisade.Cli", "bin", "Release", "net10.0", "palisade") }.FirstOrDefault(File.Exists);
    }
}
