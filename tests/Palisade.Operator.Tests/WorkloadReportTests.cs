using System.Text.Json.Nodes;
using Palisade.Operator.Reports;

namespace Palisade.Operator.Tests;

/// <summary>Workloads as they change become PolicyReports, once per change, through watch drops and 410 Gone.</summary>
public sealed class WorkloadReportTests
{
    private static JsonObject Deployment(string ns, string name, bool privileged, string image = "registry.example.com/web:1.2.3") => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["replicas"] = 2,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app", ["image"] = image, ["securityContext"] = new JsonObject { ["privileged"] = privileged },
                    }),
                },
            },
        },
    };

    private static IEnumerable<string> Checks(JsonObject? report) =>
        report?["results"]?.AsArray().Select(r => r!["policy"]!.GetValue<string>()) ?? [];

    [Fact]
    public async Task A_new_deployment_gets_a_policy_report_with_check_and_attack_ids()
    {
        await using var harness = new OperatorHarness();
        harness.Start();
        harness.Api.Apply("deployments", Deployment("shop", "web", privileged: true));

        await OperatorHarness.EventuallyAsync(() => harness.Report("shop", "Deployment", "web") is not null, "the report");
        var report = harness.Report("shop", "Deployment", "web")!;
        Assert.Equal(PolicyReportBuilder.ApiVersion, report["apiVersion"]!.GetValue<string>());
        Assert.Equal("PolicyReport", report["kind"]!.GetValue<string>());
        Assert.Equal("Deployment", report["scope"]!["kind"]!.GetValue<string>());
        Assert.Equal("web", report["scope"]!["name"]!.GetValue<string>());
        Assert.Equal(harness.Api.Get("deployments", "shop", "web")!["metadata"]!["uid"]!.GetValue<string>(), report["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        var privileged = report["results"]!.AsArray().Single(r => r!["policy"]!.GetValue<string>() == "pod.privileged")!;
        Assert.Equal("high", privileged["severity"]!.GetValue<string>());
        Assert.Equal("fail", privileged["result"]!.GetValue<string>());
        Assert.Contains("T1611", privileged["properties"]!["attack"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("app", privileged["properties"]!["container"]!.GetValue<string>());
        Assert.DoesNotContain("workload.no-network-policy", Checks(report));
        Assert.Equal(report["results"]!.AsArray().Count, report["summary"]!["fail"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pods_a_controller_owns_are_reported_on_the_owner_only()
    {
        await using var harness = new OperatorHarness();
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "web-abc", "namespace": "shop", "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-1", "uid": "u1", "controller": true}]},
             "spec": {"containers": [{"name": "app", "image": "nginx", "securityContext": {"privileged": true}}]}}
            """)!.AsObject();
        harness.Api.Apply("pods", pod);
        harness.Api.Apply("pods", JsonNode.Parse("""{"metadata": {"name": "debug", "namespace": "shop"}, "spec": {"containers": [{"name": "sh", "image": "busybox"}]}}""")!.AsObject());
        harness.Start();

        await OperatorHarness.EventuallyAsync(() => harness.Report("shop", "Pod", "debug") is not null, "the standalone pod's report");
        await Task.Delay(300);
        Assert.Null(harness.Report("shop", "Pod", "web-abc"));
    }

    [Fact]
    public async Task A_change_rewrites_the_report_once_and_an_unchanged_result_is_not_rewritten()
    {
        await using var harness = new OperatorHarness();
        harness.Start();
        harness.Api.Apply("deployments", Deployment("shop", "web", privileged: true));
        await OperatorHarness.EventuallyAsync(() => Checks(harness.Report("shop", "Deployment", "web")).Contains("pod.privileged"), "the first report");

        harness.Api.Apply("deployments", Deployment("shop", "web", privileged: false));
        await OperatorHarness.EventuallyAsync(() => !Checks(harness.Report("shop", "Deployment", "web")).Contains("pod.privileged"), "the updated report");

        // A change that does not change the findings (a label) leaves the report alone.
        var relabelled = Deployment("shop", "web", privileged: false);
        relabelled["metadata"]!["labels"]!["tier"] = "frontend";
        harness.Api.Apply("deployments", relabelled);
        await Task.Delay(500);
        Assert.Equal(2, harness.Writes("shop", "Deployment", "web"));
    }

    [Fact]
    public async Task A_dropped_watch_and_a_410_recover_without_a_missed_or_duplicated_report()
    {
        await using var harness = new OperatorHarness();
        harness.Api.Apply("deployments", Deployment("shop", "web", privileged: true));
        harness.Api.Apply("deployments", Deployment("shop", "api", privileged: true));
        harness.Start();
        await OperatorHarness.EventuallyAsync(() => harness.Report("shop", "Deployment", "web") is not null && harness.Report("shop", "Deployment", "api") is not null, "the first reports");

        // The connection drops; a change made meanwhile arrives when the watch resumes from its resourceVersion.
        harness.Api.DropWatches();
        harness.Api.Apply("deployments", Deployment("shop", "web", privileged: false));
        await OperatorHarness.EventuallyAsync(() => !Checks(harness.Report("shop", "Deployment", "web")).Contains("pod.privileged"), "the change made during the drop");

        // The history is compacted and the watch drops: the operator gets 410 Gone and lists again. A deletion and a
        // creation it could not watch are found by the list.
        harness.Api.Outage(() =>
        {
            harness.Api.Delete("deployments", "shop", "api");
            harness.Api.Apply("deployments", Deployment("shop", "new", privileged: true));
        });
        await OperatorHarness.EventuallyAsync(() => harness.Report("shop", "Deployment", "new") is not null && harness.Report("shop", "Deployment", "api") is null, "the re-listed state");
        await Task.Delay(500);

        Assert.Equal(2, harness.Writes("shop", "Deployment", "web"));
        Assert.Equal(1, harness.Writes("shop", "Deployment", "api"));
        Assert.Equal(1, harness.Writes("shop", "Deployment", "new"));
        lock (harness.Restarts)
        {
            Assert.Contains(harness.Restarts, r => r.Contains("410 Gone", StringComparison.Ordinal));
        }
    }
}
