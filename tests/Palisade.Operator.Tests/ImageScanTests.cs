using System.Text.Json.Nodes;
using Palisade.Core.Findings;
using Palisade.Operator.Images;
using Palisade.Reporting.Json;

namespace Palisade.Operator.Tests;

/// <summary>Images scanned once per digest as Jobs, capped, retried with back-off, their results in every workload's report.</summary>
public sealed class ImageScanTests
{
    private const string Namespace = "palisade";
    private static readonly string SharedDigest = "sha256:" + new string('a', 64);

    private static ScanJobOptions Options(int maxRunning = 5) => new()
    {
        Namespace = Namespace, Image = "registry.example.com/palisade:1.0", MaxRunning = maxRunning, RetryAfter = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>A Deployment, its ReplicaSet and one running pod whose container runs the digest.</summary>
    private static void Workload(OperatorHarness harness, string ns, string name, string digest)
    {
        harness.Api.Apply("deployments", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example.com/app:1" }) } } },
        });
        harness.Api.Apply("replicasets", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{name}-5d8f", ["namespace"] = ns, ["ownerReferences"] = Owner("Deployment", name) },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = new JsonArray() } } },
        });
        harness.Api.Apply("pods", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{name}-5d8f-x1", ["namespace"] = ns, ["ownerReferences"] = Owner("ReplicaSet", $"{name}-5d8f") },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example.com/app:1" }) },
            ["status"] = new JsonObject
            {
                ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "registry.example.com/app:1", ["imageID"] = $"registry.example.com/app@{digest}" }),
            },
        });
    }

    private static JsonArray Owner(string kind, string name) =>
        new(new JsonObject { ["apiVersion"] = kind == "Deployment" ? "apps/v1" : "apps/v1", ["kind"] = kind, ["name"] = name, ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true });

    private static IReadOnlyList<JsonObject> Jobs(OperatorHarness harness) => harness.Api.List("jobs");

    /// <summary>What the scan Job's pod prints: a JSON report with one vulnerability.</summary>
    private static string Report(string reference)
    {
        var check = CheckInfo.Define("vuln.cve-2026-1234", "CVE-2026-1234 in openssl", Severity.Critical, "CVE-2026-1234 affects openssl.", "Upgrade openssl.", ["T1190"]);
        var finding = new Finding(check, new Target(new SourceLocation("lib/apk/db/installed", 0, 0), new ResourceRef("Image", null, reference)), "openssl 3.1.0: CVE-2026-1234, fixed in 3.1.1")
        {
            Vulnerability = new VulnerabilityDetail("CVE-2026-1234", "openssl", "alpine", "3.1.0", "fixed", "alpine") { SeveritySource = "alpine" },
        };
        var scan = new JsonObject { ["kind"] = "image", ["targets"] = new JsonArray(reference), ["startedAt"] = "2026-12-08T00:00:00Z", ["durationMs"] = 5 };
        var summary = new JsonObject { ["critical"] = 1, ["high"] = 0, ["medium"] = 0, ["low"] = 0, ["info"] = 0, ["passed"] = 0, ["suppressed"] = 0, ["errors"] = 0, ["warnings"] = 0, ["notes"] = 0 };
        return new JsonObject
        {
            ["schemaVersion"] = 1,
            ["tool"] = new JsonObject { ["name"] = "palisade", ["version"] = "test" },
            ["findings"] = new JsonArray(JsonNode.Parse(JsonReportWriter.Serialize(finding))),
            ["suppressed"] = new JsonArray(),
            ["diagnostics"] = new JsonArray(),
            ["scan"] = scan,
            ["summary"] = summary,
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The Job controller's part: the Job's pod ran and the Job succeeded or failed.</summary>
    private static void Finish(OperatorHarness harness, JsonObject job, bool succeeded, string? log = null)
    {
        var name = job["metadata"]!["name"]!.GetValue<string>();
        harness.Api.Apply("pods", new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"{name}-pod", ["namespace"] = Namespace, ["labels"] = new JsonObject { ["job-name"] = name } } });
        if (log is not null)
        {
            harness.Api.SetLog(Namespace, $"{name}-pod", "progress is not part of the report\n" + log);
        }
        var finished = (JsonObject)job.DeepClone();
        finished["status"] = succeeded
            ? new JsonObject { ["succeeded"] = 1 }
            : new JsonObject { ["failed"] = 1, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["reason"] = "BackoffLimitExceeded", ["message"] = "Job has reached the specified backoff limit" }) };
        harness.Api.Apply("jobs", finished);
    }

    [Fact]
    public async Task An_image_shared_by_50_workloads_is_scanned_once_and_reported_on_each()
    {
        await using var harness = new OperatorHarness();
        for (var i = 0; i < 50; i++)
        {
            Workload(harness, $"team-{i % 5}", $"app-{i}", SharedDigest);
        }
        harness.Start(Options());
        await OperatorHarness.EventuallyAsync(() => Jobs(harness).Count == 1, "the scan Job");
        await Task.Delay(500);
        var job = Assert.Single(Jobs(harness));

        var spec = job["spec"]!;
        Assert.Equal(0, spec["backoffLimit"]!.GetValue<int>());
        Assert.NotNull(spec["ttlSecondsAfterFinished"]);
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("registry.example.com/palisade:1.0", container["image"]!.GetValue<string>());
        Assert.Contains($"registry.example.com/app@{SharedDigest}", container["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());

        Finish(harness, job, succeeded: true, Report($"registry.example.com/app@{SharedDigest}"));
        await OperatorHarness.EventuallyAsync(
            () => Enumerable.Range(0, 50).All(i => harness.Report($"team-{i % 5}", "Deployment", $"app-{i}")?["results"]?.AsArray().Any(r => r!["policy"]!.GetValue<string>() == "CVE-2026-1234") == true),
            "the vulnerability in all 50 reports");
        var result = harness.Report("team-0", "Deployment", "app-0")!["results"]!.AsArray().First(r => r!["policy"]!.GetValue<string>() == "CVE-2026-1234")!;
        Assert.Equal("critical", result["severity"]!.GetValue<string>());
        Assert.Equal($"registry.example.com/app@{SharedDigest}", result["properties"]!["image"]!.GetValue<string>());
        Assert.Single(Jobs(harness));
    }

    [Fact]
    public void Digests_that_share_a_long_prefix_get_their_own_jobs()
    {
        var first = "sha256:" + new string('0', 30) + "1" + new string('0', 33);
        var second = "sha256:" + new string('0', 30) + "2" + new string('0', 33);
        Assert.NotEqual(ScanJobBuilder.NameFor(first, 1), ScanJobBuilder.NameFor(second, 1));
        Assert.True(ScanJobBuilder.NameFor(first, 3).Length <= 63);
    }

    [Fact]
    public async Task Scans_run_at_most_the_cap_at_once()
    {
        await using var harness = new OperatorHarness();
        for (var i = 0; i < 6; i++)
        {
            Workload(harness, "shop", $"svc-{i}", "sha256:" + new string((char)('a' + i), 64));
        }
        harness.Start(Options(maxRunning: 2));
        await OperatorHarness.EventuallyAsync(() => Jobs(harness).Count == 2, "two Jobs");
        await Task.Delay(400);
        Assert.Equal(2, Jobs(harness).Count);
        Finish(harness, Jobs(harness)[0], succeeded: true, Report("x"));
        await OperatorHarness.EventuallyAsync(() => Jobs(harness).Count == 3, "a third Job once one finished");
    }

    [Fact]
    public async Task A_failed_scan_is_retried_with_backoff_and_then_reported_as_failed()
    {
        await using var harness = new OperatorHarness();
        Workload(harness, "shop", "web", SharedDigest);
        harness.Start(Options());
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var name = ScanJobBuilder.NameFor(SharedDigest, attempt);
            await OperatorHarness.EventuallyAsync(() => harness.Api.Get("jobs", Namespace, name) is not null, $"attempt {attempt}");
            Finish(harness, harness.Api.Get("jobs", Namespace, name)!, succeeded: false);
        }
        await OperatorHarness.EventuallyAsync(
            () => harness.Report("shop", "Deployment", "web")?["results"]?.AsArray().Any(r => r!["result"]!.GetValue<string>() == "error") == true,
            "the failure in the report");
        var error = harness.Report("shop", "Deployment", "web")!["results"]!.AsArray().Single(r => r!["result"]!.GetValue<string>() == "error")!;
        Assert.Contains("scan failed after 3 attempts: BackoffLimitExceeded", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, harness.Report("shop", "Deployment", "web")!["summary"]!["error"]!.GetValue<int>());
        await Task.Delay(300);
        Assert.Null(harness.Api.Get("jobs", Namespace, ScanJobBuilder.NameFor(SharedDigest, 4)));
        Assert.Equal(ImageScanStatus.Failed, harness.Scheduler!.StateOf(SharedDigest)!.Status);
    }
}
