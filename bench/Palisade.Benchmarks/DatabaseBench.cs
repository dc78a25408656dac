using System.Diagnostics;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Benchmarks;

/// <summary>
/// Vulnerability database speed: import rate on the real Go vulndb (../shared/corpora), and the time to match
/// 1,000 installed packages against a database of 200,000 affected-package rows.
/// </summary>
internal static class DatabaseBench
{
    public static async Task RunAsync(int rounds)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"palisade-db-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var vulndb = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/corpora/vulnerability-data/full/govulndb.tar.gz"));
            if (File.Exists(vulndb))
            {
                var best = double.MaxValue;
                long records = 0;
                for (var i = 0; i < Math.Min(rounds, 3); i++)
                {
                    var store = new VulnerabilityStore(Path.Combine(dir, $"go-{i}.db"), TimeProvider.System);
                    var watch = Stopwatch.StartNew();
                    var report = await store.ImportAsync((session, token) =>
                    {
                        FeedImport.Run([vulndb], session, null, token);
                        return Task.CompletedTask;
                    }, CancellationToken.None);
                    best = Math.Min(best, watch.Elapsed.TotalSeconds);
                    records = report.Records;
                }
                Console.WriteLine();
                Console.WriteLine($"== import: Go vulndb (real OSV, {records:N0} records from one .tar.gz), best of {Math.Min(rounds, 3)}");
                Console.WriteLine($"  {best:0.00} s, {records / best:N0} records/s (read, parse, validate every version, write, integrity check, atomic swap)");
            }
            else
            {
                Console.WriteLine($"(Go vulndb corpus not found at {vulndb}; import rate not measured)");
            }

            var large = new VulnerabilityStore(Path.Combine(dir, "large.db"), TimeProvider.System);
            const int Packages = 20_000;
            const int RowsPerPackage = 10;
            await large.ImportAsync((session, _) =>
            {
                session.BeginSource("osv:npm", "generated", snapshot: true);
                for (var p = 0; p < Packages; p++)
                {
                    var affected = Enumerable.Range(0, RowsPerPackage).Select(r => new AffectedPackage("npm", $"package-{p}", AffectedStatus.Fixed)
                    {
                        Ranges = [new VersionRange(RangeType.Semver, [new RangeEvent(RangeEventKind.Introduced, $"{r}.0.0"), new RangeEvent(RangeEventKind.Fixed, $"{r}.5.0")])],
                    }).ToList();
                    for (var r = 0; r < RowsPerPackage; r++)
                    {
                        session.Add(new Advisory($"GHSA-{p}-{r}", "osv:npm") { Affected = [affected[r]], Aliases = [$"CVE-2024-{p * RowsPerPackage + r}"] });
                    }
                }
                return Task.CompletedTask;
            }, CancellationToken.None);
            var info = large.Info();
            using var connection = large.OpenRead()!;
            var random = new Random(7);
            var queries = Enumerable.Range(0, 1000).Select(_ => new PackageQuery("npm", $"package-{random.Next(Packages)}", $"{random.Next(RowsPerPackage)}.{random.Next(10)}.0")).ToList();
            var matcher = new Matcher(connection);
            matcher.Match(queries);
            var times = new List<double>();
            var matches = 0;
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                matches = matcher.Match(queries).Matches.Count;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            Console.WriteLine();
            Console.WriteLine($"== matching: 1,000 packages against {info.AffectedRows:N0} affected-package rows ({info.Bytes / 1024.0 / 1024.0:0} MiB), best of {rounds}");
            Console.WriteLine($"  {times.Min():0.0} ms for {matches:N0} matches (target under 100 ms)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
