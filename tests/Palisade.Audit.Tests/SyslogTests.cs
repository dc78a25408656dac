using Palisade.Audit.Shipping;
using Palisade.TestSupport;

namespace Palisade.Audit.Tests;

/// <summary>Alerts delivered to a real rsyslog over TCP as RFC 5424 messages.</summary>
public sealed class SyslogTests
{
    [SkippableFact]
    public async Task Rsyslog_receives_each_alert_with_its_rule_and_techniques()
    {
        using var rsyslog = new RsyslogServer();
        Component.Require(rsyslog.Missing);
        var request = new AuditLogScanRequest([Corpus.Require("kubernetes-audit-events/exec_pod.json"), Corpus.Require("kubernetes-audit-events/attach_cluster_admin_role.json")],
            Path.GetTempPath(), Palisade.Audit.Rules.RuleLoader.Shipped(), Palisade.Audit.Rules.RuleSettings.Default)
        {
            Shipping = new AlertShippingOptions(Path.Combine(Path.GetTempPath(), "palisade-syslog", Guid.NewGuid().ToString("N"))) { Syslog = new SyslogOptions("127.0.0.1", rsyslog.Port) },
        };
        var output = await new AuditLogScanner(() => new MemoryStream(), () => throw new InvalidOperationException("syslog needs no HTTP"))
            .ScanAsync(request, Core.Scanning.NoProgress.Instance, CancellationToken.None);
        Assert.Empty(output.Diagnostics);
        Assert.Equal(2, output.Findings.Count);
        var lines = rsyslog.Received(2);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("rule=\"audit.pod-exec\"", StringComparison.Ordinal) && l.Contains("techniques=\"T1609\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("rule=\"audit.cluster-admin-binding\"", StringComparison.Ordinal) && l.Contains("minikube-user bound cluster-admin", StringComparison.Ordinal));
    }

    [Fact]
    public void Messages_follow_rfc_5424()
    {
        var check = Palisade.Audit.Rules.RuleLoader.Shipped().First(r => r.Info.Id.Value == "audit.pod-exec").Info;
        var finding = new Palisade.Core.Findings.Finding(check, new Palisade.Core.Findings.Target(null, null), "alice ran exec in pod default/web");
        var message = Palisade.Audit.Shipping.SyslogSender.Format(finding, "host-1", "palisade", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal("<132>1 2026-11-30T10:00:00.000Z host-1 palisade - audit.pod-exec [palisade@32473 rule=\"audit.pod-exec\" techniques=\"T1609\" severity=\"medium\"] alice ran exec in pod default/web", message);
    }
}
