using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Audit.Rules;
using Palisade.Audit.Shipping;
using Palisade.TestSupport;

namespace Palisade.Audit.Tests;

public sealed class ElasticsearchShippingTests
{
    /// <summary>Analyses audit logs with alerts shipped through the spool, as `audit analyze --elasticsearch` does.</summary>
    private static async Task<(int Code, string Out, string Error)> AnalyzeAsync(string spool, string url, IReadOnlyList<string> files, Func<ElasticsearchOptions, ElasticsearchOptions>? configure = null)
    {
        var elasticsearch = new ElasticsearchOptions(new Uri(url.EndsWith('/') ? url : url + "/"), "palisade-alerts");
        var request = new AuditLogScanRequest(files, Path.GetTempPath(), RuleLoader.Shipped(), RuleSettings.Default)
        {
            Shipping = new AlertShippingOptions(spool) { Elasticsearch = ((configure ?? (o => o))(elasticsearch), url) },
        };
        var output = await new AuditLogScanner(() => new MemoryStream(), () => new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            .ScanAsync(request, Core.Scanning.NoProgress.Instance, CancellationToken.None);
        var errors = output.Diagnostics.Where(d => d.Level == Core.Findings.DiagnosticLevel.Error).ToList();
        return (errors.Count > 0 ? 3 : 0, string.Join("\n", output.Diagnostics), string.Join("\n", errors));
    }

    private static string Corpus(string file) => Palisade.TestSupport.Corpus.Require($"kubernetes-audit-events/{file}");

    private static string NewSpool() => Path.Combine(Path.GetTempPath(), "palisade-spool", Guid.NewGuid().ToString("N"));

    [SkippableFact]
    public async Task Alerts_arrive_once_in_elastic_common_schema_through_faults()
    {
        using var es = new FakeElasticsearch { FailFirstRequests = 1, ResetFirstRequests = 1, ThrottleAll = 1 };
        var spool = NewSpool();
        var run = await AnalyzeAsync(spool, es.Url, [Corpus("exec_pod.json"), Corpus("create_nginx_pod_privileged.json"), Corpus("attach_cluster_admin_role.json")], o => o with { Username = "elastic", Password = "s3cret" });
        Assert.True(run.Code == 0, run.Error);
        Assert.Equal(3, es.Stored.Count);
        var exec = es.Stored.Values.Single(d => d["rule"]!["id"]!.GetValue<string>() == "audit.pod-exec");
        Assert.Equal("alert", exec["event"]!["kind"]!.GetValue<string>());
        Assert.Equal("T1609", exec["threat"]!["technique"]!["id"]![0]!.GetValue<string>());
        Assert.Equal("minikube-user", exec["user"]!["name"]!.GetValue<string>());
        Assert.Contains("\"pods\"", exec["event"]!["original"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("Basic ", es.Authorization, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(spool));
    }

    [SkippableFact]
    public async Task An_api_key_and_a_data_stream_name_are_used_as_given()
    {
        using var es = new FakeElasticsearch();
        var run = await AnalyzeAsync(NewSpool(), es.Url, [Corpus("exec_pod.json")], o => o with { ApiKey = "a2V5OnNlY3JldA==", Index = "logs-palisade.alerts-prod" });
        Assert.True(run.Code == 0, run.Error);
        Assert.Equal("ApiKey a2V5OnNlY3JldA==", es.Authorization);
        Assert.Equal("logs-palisade.alerts-prod", Assert.Single(es.Indexes.Values.Distinct()));
        Assert.NotEmpty(es.Stored);
    }

    [SkippableFact]
    public async Task Rejected_items_are_reported_and_the_others_stored()
    {
        using var es = new FakeElasticsearch { RejectMessageContaining = "attach" };
        var spool = NewSpool();
        var first = await AnalyzeAsync(spool, es.Url, [Corpus("exec_pod.json"), Corpus("attach_pod.json")]);
        Assert.Single(es.Stored);
        Assert.Contains("rejected by Elasticsearch: failed to parse field", first.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task While_elasticsearch_is_down_alerts_wait_in_the_spool_and_go_first_later_exactly_once()
    {
        var spool = NewSpool();
        var down = await AnalyzeAsync(spool, "http://127.0.0.1:1/", [Corpus("exec_pod.json"), Corpus("create_nginx_service_nodeport.json")]);
        Assert.Equal(3, down.Code);
        Assert.Contains("could not be delivered yet", down.Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(spool, "*.ndjson"));

        // The process died after writing half a batch: that file was never acknowledged and is dropped.
        await File.WriteAllTextAsync(Path.Combine(spool, "999999999999.ndjson.tmp"), "half a batch");

        using var es = new FakeElasticsearch();
        var later = await AnalyzeAsync(spool, es.Url, [Corpus("attach_pod.json")]);
        Assert.Equal(0, later.Code);
        Assert.Equal(["audit.pod-exec", "audit.pod-exec", "audit.service-exposed"], es.Stored.Values.Select(d => d["rule"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFiles(spool));
    }

    [SkippableFact]
    public async Task A_batch_resent_after_a_crash_is_not_duplicated()
    {
        using var es = new FakeElasticsearch();
        var spool = NewSpool();
        await AnalyzeAsync(spool, es.Url, [Corpus("exec_pod.json")]);
        Assert.Single(es.Stored);
        // Simulate a crash after Elasticsearch stored the batch but before the spool file was removed.
        var shipper = new AlertSpool(spool);
        var analyzer = new AuditAnalyzer(Palisade.Audit.Rules.RuleLoader.Shipped(), Palisade.Audit.Rules.RuleSettings.Default);
        var alerts = new List<AlertDocument>();
        using (var stream = File.OpenRead(Corpus("exec_pod.json")))
        {
            foreach (var e in Palisade.Audit.Events.AuditEventReader.Read(stream, "exec_pod.json", _ => { }))
            {
                foreach (var finding in analyzer.Analyze(e))
                {
                    alerts.Add(AlertDocument.From(finding, e.Root));
                }
            }
        }
        shipper.Append(alerts);
        using var http = new HttpClient();
        var report = await new ElasticsearchShipper(http, new ElasticsearchOptions(new Uri(es.Url), "palisade-alerts"), shipper).ShipAsync(CancellationToken.None);
        Assert.Equal((1, 0, 0), (report.Stored, report.Rejected, report.Pending));
        Assert.Single(es.Stored);
    }
}
