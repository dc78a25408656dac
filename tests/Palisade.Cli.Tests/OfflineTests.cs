using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// --offline means no network at all. The real executable runs with every proxy variable pointing at a loopback
/// trap that counts connections; the control run without --offline shows that the trap does catch traffic.
/// </summary>
public sealed class OfflineTests
{
    private static Dictionary<string, string> Trapped(ConnectionTrap trap) => new()
    {
        ["HTTP_PROXY"] = trap.Url, ["HTTPS_PROXY"] = trap.Url, ["ALL_PROXY"] = trap.Url, ["http_proxy"] = trap.Url, ["https_proxy"] = trap.Url, ["NO_PROXY"] = "", ["no_proxy"] = "",
    };

    [Fact]
    public async Task The_trap_catches_a_registry_pull_when_the_network_is_allowed()
    {
        using var trap = new ConnectionTrap();
        var run = await ProcessAsync(TempDirectory(), null, Trapped(trap), "scan", "image", "registry.palisade.invalid/team/app:1.0", "--quiet");
        Assert.Equal(3, run.ExitCode);
        Assert.True(trap.Connections > 0, "the control run should have tried the proxy");
    }

    [Fact]
    public async Task Offline_refuses_a_registry_reference_without_a_connection()
    {
        using var trap = new ConnectionTrap();
        var run = await ProcessAsync(TempDirectory(), null, Trapped(trap), "scan", "image", "registry.palisade.invalid/team/app:1.0", "--offline");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("--offline forbids the network", run.Out + run.Error, StringComparison.Ordinal);
        Assert.Equal(0, trap.Connections);
    }

    [SkippableFact]
    public async Task An_offline_scan_with_every_scanner_makes_no_connection()
    {
        using var trap = new ConnectionTrap();
        var dir = TempDirectory();
        var db = Path.Combine(dir, "v.db");
        await ProcessAsync(dir, null, Trapped(trap), "db", "import", "--db", db, Corpus.Require("vulnerability-data/alpine/legacy-secdb-v3.11-main.yaml"));
        var run = await ProcessAsync(dir, null, Trapped(trap), "scan", "image", Corpus.Require("images/trivy/docker-archive/alpine-311.tar.gz"),
            "--offline", "--db", db, "--format", "cyclonedx");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, trap.Connections);
    }

    [Fact]
    public async Task Db_update_refuses_to_run_offline()
    {
        using var trap = new ConnectionTrap();
        var run = await ProcessAsync(TempDirectory(), null, Trapped(trap), "db", "update", "--offline");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(0, trap.Connections);
    }
}
