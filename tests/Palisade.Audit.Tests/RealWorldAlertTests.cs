using System.Text;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;
using Palisade.TestSupport;

namespace Palisade.Audit.Tests;

/// <summary>What current clusters log: WebSocket exec, several stages per request, controllers at work, alert texts.</summary>
public sealed class RealWorldAlertTests
{
    private static readonly IReadOnlyList<DetectionRule> Rules = RuleLoader.Shipped();

    private static List<Core.Findings.Finding> Analyze(string path, RuleSettings? settings = null)
    {
        var analyzer = new AuditAnalyzer(Rules, settings ?? RuleSettings.Default);
        using var stream = File.OpenRead(path);
        return [.. AuditEventReader.Read(stream, Path.GetFileName(path), m => Assert.Fail(m.Reason)).SelectMany(analyzer.Analyze)];
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    [Fact]
    public void Kubectl_exec_over_websockets_logged_as_get_with_101_raises_one_alert_for_both_stages()
    {
        var alerts = Analyze(Fixture("rules/audit.pod-exec.positive.jsonl")).Where(a => a.Alert?.AuditId == "ws-exec-1").ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal("audit.pod-exec", alert.Check.Id.Value);
        Assert.Equal("alice@example.com ran exec in pod shop/web-7d9f-x2 from 192.168.49.1", alert.Message);
        Assert.Equal(new Core.Findings.AlertDetail("2026-11-30T10:00:00.000000Z", "alice@example.com", "192.168.49.1", "get", "ws-exec-1"), alert.Alert);
    }

    [Fact]
    public void A_websocket_port_forward_and_a_kube_system_exec_are_detected()
    {
        Assert.Single(Analyze(Fixture("rules/audit.pod-port-forward.positive.jsonl")), a => a.Alert?.AuditId == "ws-pf-1");
        Assert.Single(Analyze(Fixture("rules/audit.pod-exec-system-namespace.positive.jsonl")), a => a.Alert?.AuditId == "ws-exec-2");
    }

    [Theory]
    [InlineData("create_configmap_sensitive_values.json", "audit.configmap-credentials", "ConfigMap default/my-config")]
    [InlineData("create_nginx_pod_privileged.json", "audit.pod-privileged", "privileged pods default/nginx-deployment-5cdcc99dbf-")]
    [InlineData("create_kube_system_secret.json", "audit.system-secret-created", "secret kube-system/")]
    public void Names_from_the_body_or_the_object_reference_appear_once(string file, string rule, string expected)
    {
        var alerts = Analyze(Corpus.Require($"kubernetes-audit-events/{file}")).Where(a => a.Check.Id.Value == rule).ToList();
        Assert.NotEmpty(alerts);
        Assert.Contains(alerts, a => a.Message.Contains(expected, StringComparison.Ordinal));
        Assert.All(alerts, a => Assert.DoesNotContain("?", a.Message, StringComparison.Ordinal));
    }

    public static TheoryData<string> PositiveFixtures() =>
        [.. Directory.GetFiles(Fixture("rules"), "*.positive.jsonl").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(PositiveFixtures))]
    public void Every_shipped_rule_renders_a_readable_text(string file)
    {
        foreach (var alert in Analyze(Fixture("rules/" + file)))
        {
            Assert.DoesNotContain("??", alert.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("/?", alert.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("{", alert.Message, StringComparison.Ordinal);
            Assert.NotNull(alert.Alert);
        }
    }

    [Fact]
    public void First_non_empty_alternative_is_shown_and_an_empty_alternative_is_a_load_error()
    {
        var template = OutputTemplate.Parse("{requestObject.metadata.name|objectRef.name}");
        Assert.Equal(2, template.Parts.Single().Paths.Count);
        Assert.Throws<FormatException>(() => OutputTemplate.Parse("{objectRef.name|}"));
    }

    [Theory]
    [InlineData("system:serviceaccount:kube-system:namespace-controller", true)]
    [InlineData("system:serviceaccount:monitoring:kube-state-metrics", true)]
    [InlineData("system:node:worker-1", false)]
    [InlineData("system:kube-controller-manager", true)]
    [InlineData("system:serviceaccount:shop:frontend", false)]
    [InlineData("system:serviceaccount:kube-system:attacker", false)]
    [InlineData("alice@example.com", false)]
    public void Control_plane_identities_listing_every_secret_stay_quiet_others_do_not(string user, bool quiet)
    {
        var line = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"auditID\":\"a1\",\"stage\":\"ResponseComplete\",\"verb\":\"list\","
            + $"\"user\":{{\"username\":\"{user}\"}},\"objectRef\":{{\"resource\":\"secrets\",\"apiVersion\":\"v1\"}},\"responseStatus\":{{\"code\":200}},"
            + "\"requestURI\":\"/api/v1/secrets?limit=500\",\"stageTimestamp\":\"2026-11-30T10:00:00Z\"}\n";
        var analyzer = new AuditAnalyzer(Rules, RuleSettings.Default);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(line));
        var fired = AuditEventReader.Read(stream, "t", m => Assert.Fail(m.Reason)).SelectMany(analyzer.Analyze).Select(a => a.Check.Id.Value).ToList();
        Assert.Equal(quiet, !fired.Contains("audit.secrets-listed-cluster-wide"));
    }

    [Fact]
    public void A_lists_file_replaces_a_shipped_list_by_name()
    {
        var (lists, errors) = RuleSettings.Load("lists:\n  add-ons: [\"system:serviceaccount:shop:*\"]\n", "mine.yaml");
        Assert.Empty(errors);
        var settings = RuleSettings.Default.With(lists);
        Assert.Equal(["system:serviceaccount:shop:*"], settings.List("add-ons"));
        Assert.NotEmpty(settings.List("controllers"));
        Assert.DoesNotContain(Analyze(Fixture("rules/audit.discovery-sweep.positive.jsonl"), settings), a => a.Check.Id.Value == "audit.discovery-sweep");
        var (_, bad) = RuleSettings.Load("lists:\n  add-ons: {a: b}\n", "bad.yaml");
        Assert.Contains("must be a list of strings", Assert.Single(bad).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anonymous_access_to_public_info_is_low_and_anything_else_high_with_the_reason()
    {
        var info = Assert.Single(Analyze(Fixture("rules/audit.anonymous-public-info.positive.jsonl")), a => a.Alert?.AuditId == "api-1");
        Assert.Equal(Core.Findings.Severity.Low, info.Severity);
        Assert.Contains("system:public-info-viewer", info.Message, StringComparison.Ordinal);
        var write = Assert.Single(Analyze(Fixture("rules/audit.anonymous-write-allowed.positive.jsonl")));
        Assert.Equal(Core.Findings.Severity.Critical, write.Severity);
        Assert.Contains("ClusterRole \"cluster-admin\" to User \"system:anonymous\"", write.Message, StringComparison.Ordinal);
    }
}
