using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;

namespace Palisade.Benchmarks;

/// <summary>
/// Audit log analysis: synthetic events with a realistic mix and sizes (gets, lists, watches, pod creations with
/// bodies, execs, RBAC changes) analysed end to end against the time to only parse the same lines with
/// System.Text.Json, in the same run; memory stays flat because events stream.
/// </summary>
internal static class AuditBench
{
    public static void Run(int events, int rounds)
    {
        var path = Path.Combine(Path.GetTempPath(), $"palisade-audit-bench-{Environment.ProcessId}.log");
        var bytes = Generate(path, events);
        try
        {
            var rules = RuleLoader.Shipped();
            var parses = new List<double>();
            var byteParses = new List<double>();
            var scans = new List<double>();
            var oneCore = new List<double>();
            var alerts = 0;
            for (var i = 0; i < rounds; i++)
            {
                var watch = Stopwatch.StartNew();
                using (var reader = new StreamReader(path))
                {
                    while (reader.ReadLine() is { } line)
                    {
                        using var document = JsonDocument.Parse(line);
                    }
                }
                parses.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                using (var stream = File.OpenRead(path))
                using (var lines = new Utf8LineReader(stream, 16 * 1024 * 1024))
                {
                    while (lines.Next() is { } line)
                    {
                        using var document = JsonDocument.Parse(line.Text);
                    }
                }
                byteParses.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                var analyzer = new AuditAnalyzer(rules, RuleSettings.Default);
                alerts = 0;
                using (var stream = File.OpenRead(path))
                {
                    foreach (var e in AuditEventReader.Read(stream, path, _ => { }, analyzer.Shape))
                    {
                        alerts += analyzer.Analyze(e).Count;
                    }
                }
                scans.Add(watch.Elapsed.TotalSeconds);
                watch.Restart();
                var sequential = new AuditAnalyzer(rules, RuleSettings.Default);
                using (var stream = File.OpenRead(path))
                {
                    foreach (var e in AuditEventReader.Read(stream, path, _ => { }, sequential.Shape, scanAhead: false))
                    {
                        _ = sequential.Analyze(e).Count;
                    }
                }
                oneCore.Add(watch.Elapsed.TotalSeconds);
            }
            if (Environment.GetEnvironmentVariable("PALISADE_BENCH_DETAIL") is not null)
            {
                var watch = Stopwatch.StartNew();
                using (var stream = File.OpenRead(path))
                {
                    foreach (var e in AuditEventReader.Read(stream, path, _ => { }))
                    {
                    }
                }
                Console.WriteLine($"  reader only: {watch.Elapsed.TotalSeconds:0.00} s");
                watch.Restart();
                var shaped = new AuditAnalyzer(rules, RuleSettings.Default);
                using (var stream = File.OpenRead(path))
                {
                    foreach (var e in AuditEventReader.Read(stream, path, _ => { }, shaped.Shape))
                    {
                    }
                }
                Console.WriteLine($"  reader through the rules' shape, no analysis: {watch.Elapsed.TotalSeconds:0.00} s");
                watch.Restart();
                var none = new AuditAnalyzer([], RuleSettings.Default);
                using (var stream = File.OpenRead(path))
                {
                    foreach (var e in AuditEventReader.Read(stream, path, _ => { }, none.Shape))
                    {
                        _ = none.Analyze(e).Count;
                    }
                }
                Console.WriteLine($"  reader and dispatch, no rules: {watch.Elapsed.TotalSeconds:0.00} s");
                using (var stream = File.OpenRead(path))
                {
                    var first = AuditEventReader.Read(stream, path, _ => { }).Take(1).Select(e => e.Root.GetRawText()).Single();
                    foreach (var e in AuditEventReader.Parse(first, "hot", 1, _ => { }))
                    {
                        var all = new AuditAnalyzer(rules, RuleSettings.Default);
                        foreach (var (name, analyzer) in new[] { ("no rules", none), ("all rules", all) })
                        {
                            watch.Restart();
                            for (var i = 0; i < 1_000_000; i++)
                            {
                                _ = analyzer.Analyze(e).Count;
                            }
                            Console.WriteLine($"  one hot event, {name}: {watch.Elapsed.TotalNanoseconds / 1_000_000:0} ns per event");
                        }
                    }
                }
                foreach (var rule in rules)
                {
                    watch.Restart();
                    var one = new AuditAnalyzer([rule], RuleSettings.Default);
                    using var stream = File.OpenRead(path);
                    foreach (var e in AuditEventReader.Read(stream, path, _ => { }, one.Shape))
                    {
                        _ = one.Analyze(e).Count;
                    }
                    Console.WriteLine($"  {rule.Info.Id}: {watch.Elapsed.TotalSeconds:0.00} s");
                }
            }
            using var self = Process.GetCurrentProcess();
            Console.WriteLine();
            Console.WriteLine($"== audit analyze: {events:N0} events ({bytes / 1024.0 / 1024.0:0} MiB of JSON lines), {rules.Count} rules, best of {rounds}");
            // The floor is the faster of the two ways to only parse the lines, so the ratio never flatters us.
            var floor = Math.Min(parses.Min(), byteParses.Min());
            Console.WriteLine($"  System.Text.Json parse only, lines as strings: {parses.Min():0.00} s ({events / parses.Min():N0} events/s)");
            Console.WriteLine($"  System.Text.Json parse only, lines as UTF-8  : {byteParses.Min():0.00} s ({events / byteParses.Min():N0} events/s)");
            Console.WriteLine($"  palisade audit analyze                       : {scans.Min():0.00} s ({events / scans.Min():N0} events/s), {alerts:N0} alerts");
            Console.WriteLine($"  palisade audit analyze on one core   : {oneCore.Min():0.00} s ({events / oneCore.Min():N0} events/s), no scan-ahead thread");
            Console.WriteLine($"  ratio to the faster parse-only floor: {scans.Min() / floor:0.00}x (target at most 1.5x); on one core {oneCore.Min() / floor:0.00}x");
            Console.WriteLine($"  process peak working set: {self.PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB");
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static long Generate(string path, int count)
    {
        var random = new Random(11);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        for (var i = 0; i < count; i++)
        {
            var kind = random.Next(100);
            var user = kind < 60 ? $"system:serviceaccount:team-{i % 40}:app" : kind < 85 ? "system:kube-controller-manager" : $"user-{i % 50}@example.com";
            var time = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(i * 10).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            string verb, resource, extra = "", sub = "";
            if (kind < 45) { verb = "get"; resource = "configmaps"; }
            else if (kind < 70) { verb = "watch"; resource = "pods"; }
            else if (kind < 85) { verb = "list"; resource = "endpoints"; }
            else if (kind < 93)
            {
                verb = "create";
                resource = "pods";
                extra = $",\"requestObject\":{{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{{\"name\":\"web-{i}\",\"namespace\":\"team-{i % 40}\",\"labels\":{{\"app\":\"web\",\"pod-template-hash\":\"7d9c6b5f4\"}}}},\"spec\":{{\"serviceAccountName\":\"app\",\"containers\":[{{\"name\":\"web\",\"image\":\"registry.k8s.io/nginx:1.25\",\"resources\":{{\"limits\":{{\"cpu\":\"500m\",\"memory\":\"256Mi\"}}}},\"securityContext\":{{\"privileged\":{(i % 97 == 0 ? "true" : "false")},\"runAsNonRoot\":true}}}}],\"volumes\":[{{\"name\":\"data\",\"emptyDir\":{{}}}}]}}}}";
            }
            else if (kind < 97) { verb = "create"; resource = "pods"; sub = ",\"subresource\":\"exec\""; }
            else { verb = "update"; resource = "clusterroles"; extra = ",\"requestObject\":{\"kind\":\"ClusterRole\",\"rules\":[{\"apiGroups\":[\"\"],\"resources\":[\"pods\"],\"verbs\":[\"get\",\"list\"]}]}"; }
            writer.Write($"{{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"{(extra.Length > 0 ? "Request" : "Metadata")}\",\"auditID\":\"{Guid.NewGuid()}\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api/v1/namespaces/team-{i % 40}/{resource}\",\"verb\":\"{verb}\",\"user\":{{\"username\":\"{user}\",\"groups\":[\"system:authenticated\"]}},\"sourceIPs\":[\"10.0.{i % 200}.{i % 250}\"],\"userAgent\":\"kubectl/v1.29.4 (linux/amd64)\",\"objectRef\":{{\"resource\":\"{resource}\",\"namespace\":\"team-{i % 40}\",\"name\":\"obj-{i % 1000}\",\"apiVersion\":\"v1\"{sub}}},\"responseStatus\":{{\"metadata\":{{}},\"code\":200}},\"requestReceivedTimestamp\":\"{time}\",\"stageTimestamp\":\"{time}\",\"annotations\":{{\"authorization.k8s.io/decision\":\"allow\",\"authorization.k8s.io/reason\":\"RBAC: allowed by ClusterRoleBinding\"}}{extra}}}\n");
        }
        writer.Flush();
        return new FileInfo(path).Length;
    }
}
