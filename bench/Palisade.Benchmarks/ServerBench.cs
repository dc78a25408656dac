using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Palisade.Core.Scanning;
using Palisade.Server.Security;
using Palisade.Server.Storage;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Benchmarks;

/// <summary>
/// The server end to end, through the release binary as a process, on SQLite and PostgreSQL: re-matching 10,000
/// stored inventories of 100 packages after a database update (wall time of POST /api/v1/rematch, the server's peak
/// RSS), and the latency of GET /api/v1/images/{digest} under concurrent load.
/// </summary>
internal static class ServerBench
{
    private const int NpmPool = 20_000;
    private const int ApkPool = 400;

    public static async Task<int> RunAsync(int images, int loadSeconds)
    {
        var cli = EndToEndBench.FindCli();
        if (cli is null)
        {
            Console.WriteLine("no CLI built: run ./build (or dotnet build -c Release) first");
            return 2;
        }
        Console.WriteLine($"server: {images:N0} stored inventories of 100 packages; CLI {cli}");
        using var postgres = new PostgresServer();
        foreach (var kind in new[] { "sqlite", "postgres" })
        {
            if (kind == "postgres" && postgres.Missing is not null)
            {
                Console.WriteLine($"postgres: skipped ({postgres.Missing})");
                continue;
            }
            var dir = Directory.CreateTempSubdirectory("palisade-server-bench-").FullName;
            try
            {
                await RunOneAsync(cli, kind, kind == "sqlite" ? "sqlite:" + Path.Combine(dir, "server.db") : postgres.NewDatabase(), dir, images, loadSeconds);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        return 0;
    }

    private static async Task RunOneAsync(string cli, string kind, string database, string dir, int images, int loadSeconds)
    {
        var advisories = Path.Combine(dir, "vulnerabilities.db");
        await ImportAsync(advisories, generation: 1);
        var digests = await PopulateAsync(database, dir, images);
        var tokens = new TokenFile(Path.Combine(dir, "tokens"));
        var token = tokens.Add("bench", TokenScope.Write);
        var port = LocalServices.FreePort();
        var start = new ProcessStartInfo(cli) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = dir };
        foreach (var argument in new[] { "server", "--listen", $"127.0.0.1:{port}", "--db", database, "--token-file", tokens.Path, "--vuln-db", advisories, "--rematch-interval", "600", "--rate-limit", "10000000" })
        {
            start.ArgumentList.Add(argument);
        }
        var log = new System.Text.StringBuilder();
        using var server = Process.Start(start)!;
        server.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        server.OutputDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        server.BeginOutputReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            // The server matches everything once at start (it has never seen this database): wait for that first.
            var started = Stopwatch.StartNew();
            while (!Contains(log, "re-matched"))
            {
                if (server.HasExited || started.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new InvalidOperationException("the server did not finish its first matching: " + log);
                }
                await Task.Delay(100);
            }
            var first = Line(log, "re-matched");

            await ImportAsync(advisories, generation: 2);
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsync("/api/v1/rematch", null);
            var wall = watch.Elapsed.TotalSeconds;
            using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var peak = PeakRssMiB(server.Id);
            Console.WriteLine($"{kind}: first matching at start: {first}");
            Console.WriteLine($"{kind}: POST /api/v1/rematch after a database update: {wall:0.0} s wall for {outcome.RootElement.GetProperty("images").GetInt64():N0} images, " +
                $"{outcome.RootElement.GetProperty("newVulnerabilities").GetInt64():N0} new vulnerabilities (target 60 s); server peak RSS {peak:0} MiB");

            var latencies = await LoadAsync(client, digests, loadSeconds);
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind}: GET /api/v1/images/{{digest}}, 16 concurrent clients, {loadSeconds} s: {latencies.Count / (double)loadSeconds:N0} req/s, p50 {Percentile(latencies, 0.50):0.0} ms, p99 {Percentile(latencies, 0.99):0.0} ms; server peak RSS {PeakRssMiB(server.Id):0} MiB"));
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task<List<double>> LoadAsync(HttpClient client, IReadOnlyList<string> digests, int seconds)
    {
        var latencies = new List<double>();
        var until = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            var random = new Random(worker);
            var mine = new List<double>();
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync($"/api/v1/images/{digests[random.Next(digests.Count)]}");
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET image: {(int)response.StatusCode}");
                }
                mine.Add(watch.Elapsed.TotalMilliseconds);
            }
            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return latencies;
    }

    /// <summary>Inventories written straight into the server's tables, as finished scans would leave them.</summary>
    private static async Task<List<string>> PopulateAsync(string specification, string dir, int images)
    {
        await using var database = ServerDatabase.Open(specification, dir);
        await Schema.MigrateAsync(database, TimeProvider.System, CancellationToken.None);
        var store = new ImageStore(database, TimeProvider.System);
        var random = new Random(42);
        var digests = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < images; i++)
        {
            var digest = $"sha256:{i:x64}";
            var components = new List<InventoryComponent>();
            foreach (var p in Enumerable.Range(0, 20).Select(_ => random.Next(ApkPool)).Distinct())
            {
                components.Add(new InventoryComponent($"apk-{p}", $"1.{p % 7}.{random.Next(3)}-r0", "apk") { Path = "/lib/apk/db/installed" });
            }
            while (components.Count < 100)
            {
                var p = random.Next(NpmPool);
                components.Add(new InventoryComponent($"package-{p}", $"{random.Next(10)}.{random.Next(10)}.0", "npm") { Path = $"/app/node_modules/package-{p}/package.json" });
            }
            var inventory = new Inventory($"registry.example/app-{i}:1", "alpine", "3.11.5", components) { Digest = digest };
            await store.SaveAsync(digest, inventory.Subject, StoredInventories.Serialize(inventory), CancellationToken.None);
            digests.Add(digest);
        }
        Console.WriteLine($"  ({specification.Split(':')[0]}: {images:N0} inventories stored in {watch.Elapsed.TotalSeconds:0.0} s)");
        return digests;
    }

    /// <summary>Generation 1: advisories for a tenth of the npm pool and of the apk pool; generation 2 adds as many again.</summary>
    private static async Task ImportAsync(string path, int generation)
    {
        var store = new VulnerabilityStore(path, TimeProvider.System);
        await store.ImportAsync((session, _) =>
        {
            session.BeginSource("osv:npm", "generated", snapshot: true);
            for (var p = 0; p < NpmPool; p += generation == 1 ? 10 : 5)
            {
                session.Add(new Advisory($"GHSA-bench-{p}", "osv:npm")
                {
                    Affected = [new AffectedPackage("npm", $"package-{p}", AffectedStatus.Fixed) { Ranges = [new VersionRange(RangeType.Semver, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, "5.0.0")])] }],
                    Aliases = [$"CVE-2026-{p}"],
                });
            }
            session.BeginSource("secdb:Alpine:v3.11:main", "generated", snapshot: true);
            for (var p = 0; p < ApkPool; p += generation == 1 ? 10 : 5)
            {
                session.Add(new Advisory($"CVE-2026-9{p:D4}", "secdb:Alpine:v3.11:main")
                {
                    Affected = [new AffectedPackage("Alpine:v3.11", $"apk-{p}", AffectedStatus.Fixed) { Ranges = [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, "1.9.0-r0")])] }],
                });
            }
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    private static bool Contains(System.Text.StringBuilder log, string text)
    {
        lock (log)
        {
            return log.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    private static string Line(System.Text.StringBuilder log, string text)
    {
        lock (log)
        {
            return log.ToString().Split('\n').First(l => l.Contains(text, StringComparison.Ordinal)).Trim();
        }
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    /// <summary>The process's peak resident set so far (VmHWM), in MiB.</summary>
    private static double PeakRssMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
