using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>`palisade server` as users run it: a process, a token made on the command line, and a kill -9 that loses nothing.</summary>
public sealed class ServerProcessTests
{
    private const string Secdb = """
        ---
        distroversion: v3.11
        reponame: main
        archs:
          - x86_64
        urlprefix: http://dl-cdn.alpinelinux.org/alpine
        apkurl: "{{urlprefix}}/{{distroversion}}/{{reponame}}/{{arch}}/{{pkg.name}}-{{pkg.ver}}.apk"
        packages:
          - pkg:
              name: openssl
              secfixes:
                1.1.1d-r4:
                  - CVE-2019-1551
        """;

    [Fact]
    public async Task Scans_accepted_before_a_kill_9_all_finish_after_the_restart()
    {
        var dir = TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "secdb.yaml"), Secdb);
        Assert.Equal(0, (await InProcessAsync(dir, "db", "import", "--db", "v.db", "secdb.yaml")).ExitCode);
        var made = await ProcessAsync(dir, null, "server", "token", "add", "ci", "--scope", "write", "--token-file", "tokens");
        Assert.Equal(0, made.ExitCode);
        var token = made.Out.Trim();
        Assert.StartsWith("pal_", token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(dir, "tokens")), StringComparison.Ordinal);

        var port = LocalServices.FreePort();
        string[] args = ["server", "--listen", $"127.0.0.1:{port}", "--db", "sqlite:server.db", "--token-file", "tokens", "--vuln-db", "v.db", "--workers", "1", "--instance", "one"];
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ids = new List<string>();
        var (first, firstLog) = Start(dir, args);
        try
        {
            await WaitHealthyAsync(client, first, firstLog);
            var sbom = Sbom();
            foreach (var _ in Enumerable.Range(0, 40))
            {
                using var response = await client.PostAsync("/api/v1/scans?kind=sbom", new StringContent(sbom));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
            }
        }
        finally
        {
            first.Kill(); // SIGKILL: no shutdown code runs
            await first.WaitForExitAsync();
            first.Dispose();
        }

        var (second, secondLog) = Start(dir, args);
        try
        {
            await WaitHealthyAsync(client, second, secondLog);
            var statuses = new Dictionary<string, string>();
            for (var round = 0; round < 300 && statuses.Values.Count(s => s is "done" or "failed") < ids.Count; round++)
            {
                foreach (var id in ids)
                {
                    using var status = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/scans/{id}"));
                    statuses[id] = status.RootElement.GetProperty("status").GetString()!;
                }
                await Task.Delay(100);
            }
            Assert.All(ids, id => Assert.Equal("done", statuses[id]));
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
            second.Dispose();
        }
    }

    [Fact]
    public async Task A_server_without_a_way_to_authenticate_refuses_to_start()
    {
        var dir = TempDirectory();
        var run = await InProcessAsync(dir, "server", "--listen", "127.0.0.1:0", "--db", "sqlite:server.db");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("needs --token-file", run.Error, StringComparison.Ordinal);
        var missing = await InProcessAsync(dir, "server", "--listen", "127.0.0.1:0", "--db", "sqlite:server.db", "--token-file", "no-such-file");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no-such-file does not exist; make tokens with 'palisade server token add", missing.Error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(dir, "t"), "");
        var bad = await InProcessAsync(dir, "server", "--db", "mysql://x", "--token-file", "t");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("neither sqlite:PATH nor postgres://", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_deployment_passes_its_own_scan()
    {
        var run = await InProcessAsync(RepositoryPaths.Root, "scan", "manifests", "deploy/server", "--fail-on", "high", "-f", "json");
        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Out);
        Assert.Empty(report.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.All(report.RootElement.GetProperty("findings").EnumerateArray(), f => Assert.Equal("low", f.GetProperty("severity").GetString()));
    }

    private static async Task WaitHealthyAsync(HttpClient client, System.Diagnostics.Process process, System.Text.StringBuilder log)
    {
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                Assert.Fail($"the server exited ({process.ExitCode}): {log}");
            }
            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail($"the server did not become healthy: {log}");
    }

    /// <summary>A small CycloneDX SBOM of an Alpine 3.11 image with the affected openssl.</summary>
    private static string Sbom() => """
        {"bomFormat":"CycloneDX","specVersion":"1.5","metadata":{"component":{"type":"container","name":"app:1"}},
         "components":[{"type":"operating-system","name":"alpine","version":"3.11.5"},
          {"type":"library","name":"libssl1.1","version":"1.1.1d-r3","purl":"pkg:apk/alpine/libssl1.1@1.1.1d-r3?distro=alpine-3.11.5",
           "properties":[{"name":"palisade:source-package","value":"openssl"}]}]}
        """;
}
