using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

/// <summary>The network hunter against real etcd instances and loopback servers that answer like the real components.</summary>
public sealed class NetworkScanTests : IClassFixture<NetworkScanTests.Etcds>
{
    /// <summary>The CLI in process with the real clock and HTTP: probes time out and pace against real sockets on loopback.</summary>
    private static Task<CliRun> LiveAsync(params string[] args) => LiveAsync(new Dictionary<string, string>(), args);

    private static Task<CliRun> LiveAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        var directory = CliRunner.TempDirectory();
        return CliRunner.InProcessAsync(directory, env => env with
        {
            Clock = TimeProvider.System,
            Variable = name => name == "HOME" ? directory : variables.GetValueOrDefault(name),
            Http = () => new HttpClient(),
        }, args);
    }

    public sealed class Etcds : IDisposable
    {
        public EtcdServer Plain { get; } = new(mutualTls: false);
        public EtcdServer Mutual { get; } = new(mutualTls: true);
        public EtcdServer TlsOnly { get; } = new(mutualTls: false, tlsOnly: true);

        public void Dispose()
        {
            Plain.Dispose();
            Mutual.Dispose();
            TlsOnly.Dispose();
        }
    }

    private readonly Etcds _etcd;

    public NetworkScanTests(Etcds etcd) => _etcd = etcd;

    private static async Task<(CliRun Run, List<(string Check, string Status, string Target, string Message)> Findings)> ScanAsync(params string[] targets)
    {
        var run = await LiveAsync(["scan", "network", .. targets.SelectMany(t => new[] { "--target", t }), "--timeout", "1.5", "--format", "json"]);
        using var report = JsonDocument.Parse(run.Out);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("check").GetString()!, f.GetProperty("status").GetString()!, f.GetProperty("target").GetProperty("name").GetString()!, f.GetProperty("message").GetString()!))
            .ToList();
        return (run, findings);
    }

    [SkippableFact]
    public async Task Etcd_without_tls_is_critical_and_etcd_with_mutual_tls_is_protected()
    {
        Component.Require(_etcd.Plain.Missing ?? _etcd.Mutual.Missing);
        var (run, findings) = await ScanAsync($"127.0.0.1:{_etcd.Plain.ClientPort}", $"127.0.0.1:{_etcd.Mutual.ClientPort}");
        var plain = Assert.Single(findings, f => f.Target == $"http://127.0.0.1:{_etcd.Plain.ClientPort}");
        Assert.Equal(("hunt.etcd.no-tls", "fail"), (plain.Check, plain.Status));
        Assert.Contains("its keys can be read", plain.Message, StringComparison.Ordinal);
        var mutual = Assert.Single(findings, f => f.Target == $"https://127.0.0.1:{_etcd.Mutual.ClientPort}");
        Assert.Equal(("hunt.etcd.mutual-tls", "pass"), (mutual.Check, mutual.Status));
        Assert.Contains("client certificate required", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
    }

    [SkippableFact]
    public async Task Etcd_with_tls_but_no_client_authentication_is_critical()
    {
        Component.Require(_etcd.TlsOnly.Missing);
        var (_, findings) = await ScanAsync($"127.0.0.1:{_etcd.TlsOnly.ClientPort}");
        var finding = Assert.Single(findings, f => f.Target == $"https://127.0.0.1:{_etcd.TlsOnly.ClientPort}" && f.Check.StartsWith("hunt.etcd", StringComparison.Ordinal));
        Assert.Equal("hunt.etcd.no-client-auth", finding.Check);
    }

    [Fact]
    public async Task Passive_scans_only_read()
    {
        var requests = new List<ApiRequest>();
        ApiResponse Record(ApiRequest r, bool kubelet)
        {
            lock (requests)
            {
                requests.Add(r);
            }
            return kubelet ? Answers.Kubelet(r, anonymous: true) : Answers.ApiServer(r, anonymous: true);
        }
        using var kubelet = new ReplayApiServer(r => Record(r, kubelet: true));
        using var api = new ReplayApiServer(r => Record(r, kubelet: false));
        await ScanAsync(Hostport(kubelet.Url), Hostport(api.Url));
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Expired_certificates_and_anonymous_discovery_are_reported()
    {
        using var expired = new ReplayApiServer(r => r.Path == "/api" ? ApiResponse.Json("""{"kind":"APIVersions","versions":["v1"]}""") : Answers.ApiServer(r, anonymous: false),
            (DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1)));
        var (_, findings) = await ScanAsync(Hostport(expired.Url));
        Assert.Contains(findings, f => f.Check == "hunt.tls.certificate-expired" && f.Message.Contains("expired on", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Check == "hunt.apiserver.anonymous-discovery");
    }

    [SkippableFact]
    public async Task A_kubectl_proxy_on_its_port_is_reported()
    {
        System.Net.Sockets.TcpListener? probe = null;
        try
        {
            probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 8001);
            probe.Start();
        }
        catch (System.Net.Sockets.SocketException)
        {
            Skip.If(true, "port 8001 is in use on this machine");
        }
        finally
        {
            probe?.Stop();
        }
        using var proxy = new RawTcpServer(8001, path => path switch
        {
            "/version" => (200, Answers.ApiVersion),
            "/api/v1/namespaces" => (200, Answers.Namespaces),
            _ => (404, ""),
        });
        var (_, findings) = await ScanAsync("127.0.0.1:8001");
        Assert.Contains(findings, f => f.Check == "hunt.kubectl-proxy");
    }

    [Fact]
    public async Task Kubelets_answering_anonymous_requests_are_found_and_protected_ones_are_not()
    {
        using var open = new ReplayApiServer(r => Answers.Kubelet(r, anonymous: true));
        using var closed = new ReplayApiServer(r => Answers.Kubelet(r, anonymous: false));
        using var readOnly = RawTcpServer.Http(path => path == "/pods" ? (200, Answers.PodList) : (404, ""));
        var (_, findings) = await ScanAsync(Hostport(open.Url), Hostport(closed.Url), $"127.0.0.1:{readOnly.Port}");
        Assert.Contains(findings, f => f.Check == "hunt.kubelet.anonymous" && f.Target == open.Url);
        Assert.Contains(findings, f => f.Check == "hunt.kubelet.system-logs" && f.Target == open.Url);
        Assert.Contains(findings, f => f.Check == "hunt.kubelet.read-only-port" && f.Target == $"http://127.0.0.1:{readOnly.Port}");
        Assert.DoesNotContain(findings, f => f.Target == closed.Url && f.Check.StartsWith("hunt.kubelet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_servers_are_judged_by_what_anonymous_requests_get()
    {
        using var open = new ReplayApiServer(r => Answers.ApiServer(r, anonymous: true));
        using var closed = new ReplayApiServer(r => Answers.ApiServer(r, anonymous: false));
        using var insecure = RawTcpServer.Http(path => path switch
        {
            "/version" => (200, Answers.ApiVersion),
            "/api" => (200, """{"kind":"APIVersions","versions":["v1"]}"""),
            "/api/v1/namespaces" => (200, Answers.Namespaces),
            _ => (404, ""),
        });
        var (_, findings) = await ScanAsync(Hostport(open.Url), Hostport(closed.Url), $"127.0.0.1:{insecure.Port}");
        Assert.Contains(findings, f => f.Check == "hunt.apiserver.anonymous-read" && f.Target == open.Url);
        Assert.Contains(findings, f => f.Check == "hunt.version-disclosure" && f.Target == closed.Url && f.Message.Contains("v1.29.4", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.Check == "hunt.apiserver.anonymous-read" && f.Target == closed.Url);
        Assert.Contains(findings, f => f.Check == "hunt.apiserver.insecure-port" && f.Target == $"http://127.0.0.1:{insecure.Port}");
        Assert.Contains(findings, f => f.Check == "cluster.version.end-of-life" && f.Target == closed.Url && f.Message.Contains("1.29", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Docker_and_the_dashboard_are_recognised()
    {
        using var docker = RawTcpServer.Http(path => path == "/version" ? (200, """{"ApiVersion":"1.43","Version":"24.0.7","Os":"linux"}""") : (404, ""));
        using var dashboard = RawTcpServer.Http(path => path == "/" ? (200, "<html><title>Kubernetes Dashboard</title></html>") : (404, ""));
        var (_, findings) = await ScanAsync($"127.0.0.1:{docker.Port}", $"127.0.0.1:{dashboard.Port}");
        Assert.Contains(findings, f => f.Check == "hunt.docker.no-tls");
        Assert.Contains(findings, f => f.Check == "hunt.dashboard.exposed");
    }

    [Fact]
    public async Task Silent_garbage_and_endless_answers_are_undecided_not_fatal()
    {
        using var silent = RawTcpServer.Silent();
        using var garbage = RawTcpServer.Garbage();
        using var endless = RawTcpServer.Endless();
        var started = DateTime.UtcNow;
        var run = await LiveAsync("scan", "network", "--target", $"127.0.0.1:{silent.Port}", "--target", $"127.0.0.1:{garbage.Port}", "--target", $"127.0.0.1:{endless.Port}",
            "--timeout", "1", "--format", "json");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "probes are bounded in time");
        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Out);
        var notes = report.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("source").GetString() + " " + d.GetProperty("message").GetString()).ToList();
        Assert.Contains(notes, n => n.StartsWith($"127.0.0.1:{silent.Port}", StringComparison.Ordinal) && n.Contains("never answered", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith($"127.0.0.1:{garbage.Port}", StringComparison.Ordinal) && n.Contains("not HTTP", StringComparison.Ordinal));
        Assert.Contains("unrecognised", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_reachable_is_told_apart_from_nothing_found()
    {
        var closedPort = FreePort();
        var nothing = await LiveAsync("scan", "network", "--target", $"127.0.0.1:{closedPort}", "--format", "json");
        Assert.Equal(3, nothing.ExitCode);
        Assert.Contains("nothing reachable", nothing.Out, StringComparison.Ordinal);

        using var harmless = RawTcpServer.Http(_ => (404, "not found"));
        var clean = await LiveAsync("scan", "network", "--target", $"127.0.0.1:{harmless.Port}", "--format", "json");
        Assert.Equal(0, clean.ExitCode);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.0/24")]
    public async Task Public_addresses_are_refused_without_allow_public(string target)
    {
        var run = await LiveAsync("scan", "network", "--target", target);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--allow-public", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ranges_are_capped_and_malformed_targets_rejected()
    {
        Assert.Equal(2, (await LiveAsync("scan", "network", "--target", "10.0.0.0/8")).ExitCode);
        Assert.Equal(2, (await LiveAsync("scan", "network", "--target", "127.0.0.1:99999")).ExitCode);
        Assert.Equal(2, (await LiveAsync("scan", "network")).ExitCode);
    }

    [Fact]
    public async Task Active_mode_needs_confirmation_and_then_proves_command_execution()
    {
        Assert.Equal(2, (await LiveAsync("scan", "network", "--target", "127.0.0.1:1", "--active")).ExitCode);
        var ran = new List<string>();
        using var kubelet = new ReplayApiServer(r =>
        {
            if (r.Path.StartsWith("/run/", StringComparison.Ordinal))
            {
                lock (ran)
                {
                    ran.Add(r.Path);
                }
                return new ApiResponse(200, "uid=0(root) gid=0(root)");
            }
            return Answers.Kubelet(r, anonymous: true);
        });
        var passive = await ScanAsync(Hostport(kubelet.Url));
        Assert.Empty(ran);
        Assert.DoesNotContain(passive.Findings, f => f.Check == "hunt.kubelet.run");
        var run = await LiveAsync("scan", "network", "--target", Hostport(kubelet.Url), "--active", "--yes", "--format", "json");
        Assert.Equal(["/run/default/web-1/web"], ran);
        Assert.Contains("hunt.kubelet.run", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task From_a_pod_the_token_and_the_metadata_service_are_reviewed()
    {
        using var api = new ReplayApiServer(r => r.Path == "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews" && r.Authorization == "Bearer pod-token"
            ? ApiResponse.Json("""{"kind":"SelfSubjectRulesReview","status":{"resourceRules":[{"verbs":["get","list"],"apiGroups":[""],"resources":["secrets"]},{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}],"nonResourceRules":[],"incomplete":false}}""")
            : Answers.ApiServer(r, anonymous: false));
        using var metadata = RawTcpServer.Http(_ => (200, "ami-id\ninstance-id\n"));
        var account = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-sa", Guid.NewGuid().ToString("N"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(account, "token"), "pod-token");
        await File.WriteAllTextAsync(Path.Combine(account, "namespace"), "team-a");
        await File.WriteAllTextAsync(Path.Combine(account, "ca.crt"), api.CaCertificatePem);
        var apiUri = new Uri(api.Url);
        var run = await LiveAsync(new Dictionary<string, string> { ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1", ["KUBERNETES_SERVICE_PORT"] = apiUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            "scan", "network", "--pod", "--service-account-dir", account, "--metadata-address", $"127.0.0.1:{metadata.Port}", "--format", "json");
        Assert.True(run.Out.Length > 0, run.Error);
        Assert.Contains("the token mounted in this pod may read secrets, list secrets in namespace team-a", run.Out, StringComparison.Ordinal);
        Assert.Contains("hunt.pod.cloud-metadata", run.Out, StringComparison.Ordinal);
    }

    private static string Hostport(string url) => new Uri(url).Authority;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
