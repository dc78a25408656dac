using System.Text.Json;
using Palisade.Server;
using Palisade.Server.Security;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>Client mode: the image is read locally, only its inventory goes to the server, the report is the same.</summary>
public sealed class ClientModeTests
{
    [SkippableFact]
    public async Task An_image_matched_on_the_server_reports_what_a_local_scan_does()
    {
        var dir = TempDirectory();
        var secdb = AlpineAdvisories.WithOpensslAhead(dir);
        Assert.Equal(0, (await InProcessAsync(dir, "db", "import", "--db", "server-vulns.db", secdb)).ExitCode);
        var token = new TokenFile(Path.Combine(dir, "tokens")).Add("laptop", TokenScope.Write);
        await using var server = await PalisadeServer.StartAsync(new ServerOptions
        {
            Listen = "127.0.0.1:0",
            Database = "sqlite:" + Path.Combine(dir, "server.db"),
            TokenFile = Path.Combine(dir, "tokens"),
            AdvisoryDatabase = Path.Combine(dir, "server-vulns.db"),
            WorkingDirectory = dir,
            Instance = "client-mode-test",
        }, CancellationToken.None);
        var image = Corpus.Require("images/trivy/docker-archive/alpine-311.tar.gz");

        var local = await InProcessAsync(dir, "scan", "image", image, "--db", "server-vulns.db", "-f", "json");
        // The server is on loopback: the only network this test uses.
        var remote = await InProcessAsync(dir, env => env with { Variable = name => name == "PALISADE_SERVER_TOKEN" ? token : null, Http = () => new HttpClient() },
            "scan", "image", image, "--server", server.Urls[0], "-f", "json");
        Assert.True(remote.ExitCode == 0, remote.Error + remote.Out);
        Assert.False(File.Exists(Path.Combine(dir, ".cache", "palisade", "vulnerabilities.db")), "client mode must not need a local database");
        Assert.Equal(Findings(local.Out), Findings(remote.Out));
        Assert.Contains("vuln.cve-2019-1551 libssl1.1", Findings(remote.Out));

        // The SBOM of the same image, matched on the server.
        Assert.Equal(0, (await InProcessAsync(dir, "scan", "image", image, "--scanners", "config", "-f", "cyclonedx", "-o", "image.cdx.json")).ExitCode);
        var sbom = await InProcessAsync(dir, Loopback, "scan", "sbom", "image.cdx.json", "--server", server.Urls[0], "--token", token, "-f", "json");
        Assert.Equal(0, sbom.ExitCode);
        Assert.Equal(["vuln.cve-2019-1551 libcrypto1.1", "vuln.cve-2019-1551 libssl1.1"], Findings(sbom.Out).Where(f => f.StartsWith("vuln.", StringComparison.Ordinal)));

        // A wrong token is an input error that names the server, never a pass.
        var refused = await InProcessAsync(dir, Loopback, "scan", "image", image, "--server", server.Urls[0], "--token", "pal_wrong", "-f", "json");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("the server refused the inventory (401: a valid bearer token (or client certificate) is required); vulnerabilities were not matched", refused.Out, StringComparison.Ordinal);
    }

    private static CliEnvironment Loopback(CliEnvironment env) => env with { Http = () => new HttpClient() };

    private static List<string> Findings(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("check").GetString() + (f.TryGetProperty("vulnerability", out var v) ? " " + v.GetProperty("package").GetString() : ""))
            .Order(StringComparer.Ordinal)];
    }
}
