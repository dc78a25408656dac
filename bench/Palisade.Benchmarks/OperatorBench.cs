using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.TestSupport;

namespace Palisade.Benchmarks;

/// <summary>
/// The operator (the release binary, as a process) against an in-memory API server holding 1,000 Deployments with 5
/// pods each, every Deployment on its own image digest: how many scan Jobs it creates (exactly one per digest), how
/// long until every workload's report holds its image's results, its peak memory, and the time from a workload
/// change to its updated report. The bench plays the Job controller: each Job's pod "prints" a report with three
/// vulnerabilities and the Job succeeds.
/// </summary>
internal static class OperatorBench
{
    public static async Task<int> RunAsync(int workloads, int podsPerWorkload)
    {
        var cli = EndToEndBench.FindCli();
        if (cli is null)
        {
            Console.Error.WriteLine("no built CLI: run `dotnet build -c Release` (or ./build) first");
            return 2;
        }
        using var api = new FakeKubernetesApi(FakeResources.Operator) { BookmarkSeconds = 5 };
        for (var i = 0; i < workloads; i++)
        {
            Populate(api, i, podsPerWorkload);
        }
        var dir = Directory.CreateTempSubdirectory("palisade-operator-bench").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(cli) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "operator", "--kubeconfig", api.WriteKubeconfig(dir), "--namespace", "palisade", "--listen", $"127.0.0.1:{port}", "--max-scans", "50", "--identity", "bench" })
        {
            start.ArgumentList.Add(arg);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var report = "{\"schemaVersion\":1,\"tool\":{\"name\":\"palisade\",\"version\":\"bench\"},\"findings\":["
            + string.Join(",", Finding("CVE-2026-0001"), Finding("CVE-2026-0002"), Finding("CVE-2026-0003"))
            + "],\"suppressed\":[],\"diagnostics\":[],\"scan\":{\"kind\":\"image\",\"targets\":[\"app\"],\"startedAt\":\"2026-12-08T00:00:00Z\",\"durationMs\":1},"
            + "\"summary\":{\"critical\":0,\"high\":3,\"medium\":0,\"low\":0,\"info\":0,\"passed\":0,\"suppressed\":0,\"errors\":0,\"warnings\":0,\"notes\":0}}";
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var done = false;
        double? allReported = null;
        var lastProgress = clock.Elapsed;
        while (clock.Elapsed - lastProgress < TimeSpan.FromSeconds(30) && !done)
        {
            foreach (var job in api.List("jobs"))
            {
                var name = job["metadata"]!["name"]!.GetValue<string>();
                if (finished.Add(name))
                {
                    lastProgress = clock.Elapsed;
                    api.Apply("pods", new JsonObject { ["metadata"] = new JsonObject { ["name"] = name + "-pod", ["namespace"] = "palisade", ["labels"] = new JsonObject { ["job-name"] = name } } });
                    api.SetLog("palisade", name + "-pod", report);
                    job["status"] = new JsonObject { ["succeeded"] = 1 };
                    api.Apply("jobs", job);
                }
            }
            if (finished.Count >= workloads && Enumerable.Range(0, workloads).All(i => Reported(api, i)))
            {
                allReported = clock.Elapsed.TotalSeconds;
                done = true;
            }
            await Task.Delay(100);
        }
        await Task.Delay(2000);
        var jobs = api.List("jobs").Count;

        var latencies = new List<double>();
        for (var round = 0; round < 10; round++)
        {
            var target = round * 97 % workloads;
            var deployment = api.Get("deployments", Namespace(target), $"app-{target}")!;
            deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["securityContext"] = new JsonObject { ["privileged"] = round % 2 == 0 };
            var changed = Stopwatch.StartNew();
            api.Apply("deployments", deployment);
            while (Privileged(api, target) != (round % 2 == 0) && changed.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(5);
            }
            latencies.Add(changed.Elapsed.TotalMilliseconds);
        }
        var peak = PeakMiB(process.Id);
        process.Kill(entireProcessTree: true);
        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{workloads:N0} workloads, {workloads * podsPerWorkload:N0} pods, {workloads:N0} distinct image digests; CLI {cli}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scan Jobs created                      {jobs,8:N0}   (expected exactly {workloads:N0})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"every report with its image's results   {(allReported is { } s ? $"{s,7:F1} s" : "not reached")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"operator peak RSS                       {peak,7:F0} MiB (target < 200 MB)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"workload change → updated report        p50 {latencies[latencies.Count / 2],6:F0} ms, max {latencies[^1],6:F0} ms (10 changes)"));
        return jobs == workloads && allReported is not null ? 0 : 1;
    }

    private static string Namespace(int i) => $"team-{i % 20}";

    private static void Populate(FakeKubernetesApi api, int i, int pods)
    {
        var ns = Namespace(i);
        // Real digests are hashes: spread over all 64 digits.
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
        var image = $"registry.example.com/team/app-{i}:1.{i % 7}";
        var container = new JsonObject { ["name"] = "app", ["image"] = image, ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["cpu"] = "500m", ["memory"] = "256Mi" } } };
        api.Apply("deployments", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"app-{i}", ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = $"app-{i}" } },
            ["spec"] = new JsonObject { ["replicas"] = pods, ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(container.DeepClone()) } } },
        });
        api.Apply("replicasets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"app-{i}-7c9f", ["namespace"] = ns, ["ownerReferences"] = Owner("Deployment", $"app-{i}") },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(container.DeepClone()) } } },
        });
        for (var p = 0; p < pods; p++)
        {
            api.Apply("pods", new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"app-{i}-7c9f-{p}", ["namespace"] = ns, ["ownerReferences"] = Owner("ReplicaSet", $"app-{i}-7c9f") },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(container.DeepClone()) },
                ["status"] = new JsonObject { ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = image, ["imageID"] = $"registry.example.com/team/app-{i}@{digest}" }) },
            });
        }
    }

    private static JsonArray Owner(string kind, string name) => new(new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = kind, ["name"] = name, ["uid"] = name, ["controller"] = true });

    private static bool Reported(FakeKubernetesApi api, int i) =>
        api.Get("policyreports", Namespace(i), $"palisade-deployment-app-{i}")?["results"]?.AsArray().Any(r => r!["policy"]!.GetValue<string>() == "vuln.cve-2026-0001") == true;

    private static bool Privileged(FakeKubernetesApi api, int i) =>
        api.Get("policyreports", Namespace(i), $"palisade-deployment-app-{i}")?["results"]?.AsArray().Any(r => r!["policy"]!.GetValue<string>() == "pod.privileged") == true;

    private static string Finding(string id)
    {
        var check = Palisade.Core.Findings.CheckInfo.Define("vuln." + id.ToLowerInvariant(), $"{id} in openssl", Palisade.Core.Findings.Severity.High, $"{id} affects openssl.", "Upgrade openssl.", ["T1190"]);
        var finding = new Palisade.Core.Findings.Finding(check, new Palisade.Core.Findings.Target(new Palisade.Core.Findings.SourceLocation("lib/apk/db/installed", 0, 0),
            new Palisade.Core.Findings.ResourceRef("Image", null, "app")), $"openssl 3.1.0: {id}, fixed in 3.1.1");
        return Palisade.Reporting.Json.JsonReportWriter.Serialize(finding);
    }

    private static double PeakMiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }
        return double.NaN;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
