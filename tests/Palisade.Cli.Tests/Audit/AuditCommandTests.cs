using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>`palisade audit analyze|serve` as users run them: the alert table, list files, option errors.</summary>
public sealed class AuditCommandTests
{
    [Fact]
    public async Task The_alert_table_shows_time_severity_rule_identity_object_and_source()
    {
        var run = await InProcessAsync(TempDirectory(), "audit", "analyze", Fixture("rules", "audit.pod-exec.positive.jsonl"), "--no-color");
        Assert.True(run.ExitCode == 0, run.Error);
        var table = run.Out;
        var header = table.Split('\n').First(l => l.Contains("Severity", StringComparison.Ordinal));
        foreach (var column in new[] { "Time", "Severity", "Rule", "Identity", "Object", "Source IP", "Alert" })
        {
            Assert.Contains(column, header, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("PASS", table, StringComparison.Ordinal);
        Assert.Contains("2026-11-30 10:00:00Z", table, StringComparison.Ordinal);
        Assert.Contains("192.168.49.1", table, StringComparison.Ordinal);
        Assert.All(table.Split('\n'), line => Assert.False(line.EndsWith(' '), "piped tables are not padded"));
    }

    [Fact]
    public async Task A_lists_file_given_to_audit_analyze_replaces_the_shipped_list_and_a_bad_one_is_a_usage_error()
    {
        var directory = TempDirectory();
        var lists = Path.Combine(directory, "lists.yaml");
        await File.WriteAllTextAsync(lists, "lists:\n  add-ons: [\"system:serviceaccount:shop:*\"]\n");
        Task<CliRun> Run(params string[] args) => InProcessAsync(directory, args);
        var sweep = Fixture("rules", "audit.discovery-sweep.positive.jsonl");
        Assert.Contains("discovery-sweep", (await Run("audit", "analyze", sweep, "--no-color")).Out, StringComparison.Ordinal);
        Assert.DoesNotContain("discovery-sweep", (await Run("audit", "analyze", sweep, "--lists", lists, "--no-color")).Out, StringComparison.Ordinal);
        await File.WriteAllTextAsync(lists, "lists:\n  add-ons: {a: b}\n");
        var bad = await Run("audit", "analyze", sweep, "--lists", lists);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--lists", bad.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-address", "--listen: 'not-an-address' is not address:port")]
    [InlineData("127.0.0.1:8443", "--tls-cert/--tls-key")]
    public async Task Serve_names_the_option_that_is_wrong(string listen, string expected)
    {
        var directory = TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(directory, "cert.pem"), "not a certificate");
        await File.WriteAllTextAsync(Path.Combine(directory, "key.pem"), "not a key");
        var run = await InProcessAsync(directory, "audit", "serve", "--listen", listen, "--tls-cert", "cert.pem", "--tls-key", "key.pem");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyze_refuses_a_syslog_target_without_a_port()
    {
        var run = await InProcessAsync(TempDirectory(), "audit", "analyze", Fixture("rules", "audit.pod-exec.positive.jsonl"), "--syslog", "collector.example");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--syslog: 'collector.example' is not host:port", run.Error, StringComparison.Ordinal);
    }
}
