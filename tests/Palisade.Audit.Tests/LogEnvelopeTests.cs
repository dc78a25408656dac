using System.Text;
using System.Text.Json;
using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;

namespace Palisade.Audit.Tests;

/// <summary>Audit events as EKS (CloudWatch), AKS (diagnostic settings) and log shippers hand them over.</summary>
public sealed class LogEnvelopeTests
{
    private static readonly string Exec = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rules", "audit.pod-exec.positive.jsonl")).First(l => l.Length > 0);

    private static string Quoted(string json) => JsonSerializer.Serialize(json, LogEnvelopeJson.Default.String);

    private static (List<string> Alerts, List<string> Malformed) Analyse(string log, bool scanAhead)
    {
        var analyzer = new AuditAnalyzer(RuleLoader.Shipped(), RuleSettings.Default);
        var malformed = new List<string>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(log));
        var alerts = AuditEventReader.Read(stream, "wrapped.log", m => malformed.Add($"{m.Line}: {m.Reason}"), analyzer.Shape, scanAhead)
            .SelectMany(analyzer.Analyze).Select(f => $"{f.Target.Location?.Line} {f.Check.Id}").ToList();
        return (alerts, malformed);
    }

    public static TheoryData<string, bool> Envelopes() => new()
    {
        // EKS control-plane logs read from CloudWatch (or shipped by Fluent Bit): one record per line.
        { $"{{\"timestamp\":1732950000000,\"message\":{Quoted(Exec)},\"ingestionTime\":1732950001000}}\n", true },
        { $"{{\"log\":{Quoted(Exec)},\"stream\":\"stdout\"}}\n", false },
        // `aws logs filter-log-events` output and CloudWatch subscription records: one document, many events.
        { $"{{\"events\":[{{\"logStreamName\":\"kube-apiserver-audit-1\",\"message\":{Quoted(Exec)}}}],\"searchedLogStreams\":[]}}\n", true },
        { $"{{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{{\"id\":\"1\",\"message\":{Quoted(Exec)}}}]}}\n", false },
        // AKS diagnostic settings to a storage account: records with the event as properties.log.
        { $"{{\"records\":[{{\"category\":\"kube-audit\",\"properties\":{{\"log\":{Quoted(Exec)},\"pod\":\"kube-apiserver-1\"}}}}]}}\n", true },
    };

    [Theory]
    [MemberData(nameof(Envelopes))]
    public void The_event_inside_is_analysed_as_if_it_were_the_line(string log, bool scanAhead)
    {
        var (alerts, malformed) = Analyse(log, scanAhead);
        Assert.Empty(malformed);
        Assert.Contains("1 audit.pod-exec", alerts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Records_that_wrap_no_event_are_still_reported(bool scanAhead)
    {
        var (alerts, malformed) = Analyse("{\"message\":\"GET /healthz 200\"}\n{\"records\":[]}\n" + Exec + "\n", scanAhead);
        Assert.Equal(["1: not an audit event (no kind)", "2: not an audit event (no kind)"], malformed);
        Assert.Contains("3 audit.pod-exec", alerts);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class LogEnvelopeJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>GKE's Cloud Logging entries, rewritten as the audit events they describe; other Google services' entries are passed over (Fixtures/envelopes/gke-audit.jsonl).</summary>
public sealed class GkeAuditLogTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gke_entries_raise_the_same_detections_as_the_api_servers_own_log(bool scanAhead)
    {
        var analyzer = new AuditAnalyzer(RuleLoader.Shipped(), RuleSettings.Default);
        var malformed = new List<string>();
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "envelopes", "gke-audit.jsonl");
        using var stream = File.OpenRead(file);
        var alerts = AuditEventReader.Read(stream, file, m => malformed.Add($"{m.Line}: {m.Reason}"), analyzer.Shape, scanAhead)
            .SelectMany(analyzer.Analyze).Select(f => $"{f.Target.Location?.Line} {f.Check.Id} {f.Target.Resource} {f.Evidence}").ToList();
        Assert.Contains(alerts, a => a.StartsWith("1 audit.pod-exec-system-namespace pods/exec/kube-system/kube-proxy-x7k2p user mallory@example.com; auditID 3f1e6c1a-0000-4000-8000-000000000001", StringComparison.Ordinal));
        Assert.Contains(alerts, a => a.StartsWith("2 audit.cluster-admin-binding clusterrolebindings/backdoor", StringComparison.Ordinal));
        Assert.DoesNotContain(alerts, a => a.StartsWith("3 audit.pod-exec-system-namespace", StringComparison.Ordinal));
        Assert.Empty(malformed);
        Assert.DoesNotContain(alerts, a => a.StartsWith("4 ", StringComparison.Ordinal));
    }
}
