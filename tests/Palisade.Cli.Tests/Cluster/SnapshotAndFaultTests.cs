using System.Text.Json;
using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

/// <summary>Snapshots give the live scan's findings; connection faults are clear errors, never hangs or stack traces.</summary>
public sealed class SnapshotAndFaultTests
{
    private static string FindingsOf(string json)
    {
        using var report = JsonDocument.Parse(json);
        return report.RootElement.GetProperty("findings").GetRawText();
    }

    [Fact]
    public async Task A_snapshot_scans_to_the_same_findings_as_the_live_cluster()
    {
        var cluster = new RecordedCluster();
        using var server = new ReplayApiServer(cluster.Handle);
        var dir = CliRunner.TempDirectory();
        var kubeconfig = server.WriteKubeconfig(dir, RecordedCluster.Token);
        var live = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json", "--db", Path.Combine(dir, "none.db"));
        var written = await CliRunner.InProcessAsync(dir, "cluster", "snapshot", "--kubeconfig", kubeconfig, "-o", "demo.snapshot");
        Assert.Equal(3, written.ExitCode); // the malformed Service item is named
        Assert.Contains("objects from https://127.0.0.1", written.Error, StringComparison.Ordinal);
        var requestsBefore = server.Requests.Count;
        var offline = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--snapshot", "demo.snapshot", "--format", "json", "--db", Path.Combine(dir, "none.db"));
        Assert.Equal(requestsBefore, server.Requests.Count);
        Assert.Equal(FindingsOf(live.Out), FindingsOf(offline.Out));
        Assert.Equal(live.ExitCode, offline.ExitCode);
        Assert.DoesNotContain("U0VDUkVULURBVEEt", await File.ReadAllTextAsync(Path.Combine(dir, "demo.snapshot")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_snapshot_is_a_clear_error()
    {
        var dir = CliRunner.TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "bad.snapshot"), "not zstd at all");
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--snapshot", "bad.snapshot", "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("not a Palisade cluster snapshot", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_reported_quickly()
    {
        var dir = CliRunner.TempDirectory();
        using var server = new ReplayApiServer(new RecordedCluster().Handle);
        var kubeconfig = server.WriteKubeconfig(dir, RecordedCluster.Token);
        server.Dispose();
        var started = DateTime.UtcNow;
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("cannot connect", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_named_as_such()
    {
        using var server = new ReplayApiServer(new RecordedCluster().Handle);
        var dir = CliRunner.TempDirectory();
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", server.WriteKubeconfig(dir, "expired-token"), "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("rejected the credentials (401", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_fails_verification_unless_told_to_skip()
    {
        using var other = new ReplayApiServer(new RecordedCluster().Handle);
        using var server = new ReplayApiServer(new RecordedCluster().Handle);
        var dir = CliRunner.TempDirectory();
        var kubeconfig = server.WriteKubeconfig(dir, RecordedCluster.Token, caPem: other.CaCertificatePem);
        var refused = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("TLS verification failed", refused.Out, StringComparison.Ordinal);
        var skipped = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", kubeconfig, "--insecure-skip-tls-verify", "--format", "json", "--db", Path.Combine(dir, "none.db"));
        Assert.Contains("rbac.escalation-path", skipped.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_auth_provider_is_a_clear_error()
    {
        using var server = new ReplayApiServer(new RecordedCluster().Handle);
        var dir = CliRunner.TempDirectory();
        var kubeconfig = server.WriteKubeconfig(dir, userYaml: "    auth-provider:\n      name: made-up-plugin\n      config: {}");
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("kubeconfig", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_resets_connections_is_a_clear_error()
    {
        var cluster = new RecordedCluster();
        cluster.Resets.Add("/version");
        using var server = new ReplayApiServer(cluster.Handle);
        var dir = CliRunner.TempDirectory();
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", server.WriteKubeconfig(dir, RecordedCluster.Token), "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("/version", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_kubeconfig_is_a_clear_error()
    {
        var dir = CliRunner.TempDirectory();
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", "nope.yaml", "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("no kubeconfig at", run.Out, StringComparison.Ordinal);
    }
}
