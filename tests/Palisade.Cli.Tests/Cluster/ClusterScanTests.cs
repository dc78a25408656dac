using System.Text.Json;
using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

/// <summary>`scan cluster` against the recorded cluster served over real HTTPS, and against its snapshot.</summary>
public sealed class ClusterScanTests
{
    private static async Task<(CliRun Run, JsonDocument Report, RecordedCluster Cluster, ReplayApiServer Server)> ScanAsync(Action<RecordedCluster>? configure = null, params string[] extra)
    {
        var cluster = new RecordedCluster();
        configure?.Invoke(cluster);
        var server = new ReplayApiServer(cluster.Handle);
        var dir = CliRunner.TempDirectory();
        var kubeconfig = server.WriteKubeconfig(dir, RecordedCluster.Token);
        var run = await CliRunner.InProcessAsync(dir, ["scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json", "--db", Path.Combine(dir, "none.db"), .. extra]);
        return (run, JsonDocument.Parse(run.Out), cluster, server);
    }

    private static List<string> Findings(JsonDocument report, string? check = null) =>
        [.. report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => check is null || f.GetProperty("check").GetString() == check)
            .Select(f => $"{f.GetProperty("check").GetString()} {Target(f)}: {f.GetProperty("message").GetString()}")];

    private static string Target(JsonElement finding)
    {
        var t = finding.GetProperty("target");
        string? Text(string name) => t.TryGetProperty(name, out var v) ? v.GetString() : null;
        return $"{Text("kind")}/{(Text("namespace") is { } ns ? ns + "/" : "")}{Text("name")}";
    }

    [Fact]
    public async Task Every_escalation_kind_gives_its_path()
    {
        var (run, report, _, server) = await ScanAsync();
        using (server)
        {
            var paths = report.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("check").GetString() == "rbac.escalation-path")
                .ToDictionary(Target, f => f.GetProperty("evidence").GetString()!);
            Assert.Equal(
                ["Group/secret-readers", "ServiceAccount/team-a/ci", "User/alice", "User/bill", "User/bob", "User/carl", "User/eddie", "User/erin", "User/ivan", "User/kate", "User/tina", "User/wendy"],
                paths.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("User alice holds every permission cluster-wide", paths["User/alice"]);
            Assert.Equal("User bob can create pods in namespace team-a → runs one as ServiceAccount team-a/ci → ServiceAccount team-a/ci holds every permission cluster-wide", paths["User/bob"]);
            Assert.Equal("Group secret-readers can get secrets in namespace team-a → reads the token secret of ServiceAccount team-a/ci → ServiceAccount team-a/ci holds every permission cluster-wide", paths["Group/secret-readers"]);
            Assert.Equal("User tina can create serviceaccounts/token in namespace team-a → gets a token for ServiceAccount team-a/ci → ServiceAccount team-a/ci holds every permission cluster-wide", paths["User/tina"]);
            Assert.Equal("User eddie can exec into pods in namespace team-a → a running pod uses ServiceAccount team-a/ci → ServiceAccount team-a/ci holds every permission cluster-wide", paths["User/eddie"]);
            Assert.Equal("User erin can escalate cluster roles (add any permission to a role it is bound to)", paths["User/erin"]);
            Assert.Equal("User bill can bind the cluster-admin role to itself", paths["User/bill"]);
            Assert.Equal("User ivan can impersonate any user or group, including system:masters", paths["User/ivan"]);
            Assert.Equal("User kate can call every kubelet through nodes/proxy and run commands in any pod", paths["User/kate"]);
            Assert.Equal("User carl can create and approve a client certificate for system:masters", paths["User/carl"]);
            Assert.Equal("User wendy can register a mutating admission webhook that sees and rewrites every API request", paths["User/wendy"]);

            var nodeEscapes = Findings(report, "rbac.node-escape-path");
            Assert.Contains(nodeEscapes, f => f.StartsWith("rbac.node-escape-path User/bob", StringComparison.Ordinal));
            Assert.DoesNotContain(nodeEscapes, f => f.Contains("User/dana", StringComparison.Ordinal));
            Assert.Equal(["rbac.powerful-pod-service-account Pod/team-a/ci-runner: pod team-a/ci-runner runs as ServiceAccount team-a/ci, which can reach cluster-admin: ServiceAccount team-a/ci holds every permission cluster-wide"],
                Findings(report, "rbac.powerful-pod-service-account"));
            Assert.Equal(3, run.ExitCode); // the malformed Service item is reported as an input error
        }
    }

    [Fact]
    public async Task Workload_findings_are_reported_once_on_the_owner()
    {
        var (_, report, _, server) = await ScanAsync();
        using (server)
        {
            var privileged = Findings(report, "pod.privileged");
            Assert.Equal(["pod.privileged Deployment/team-a/web"], privileged.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
        }
    }

    [Fact]
    public async Task Versions_are_checked_against_the_support_calendar_on_a_fixed_date()
    {
        var (_, report, _, server) = await ScanAsync();
        using (server)
        {
            var versions = report.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("check").GetString()!.StartsWith("cluster.version.", StringComparison.Ordinal))
                .Select(f => $"{f.GetProperty("check").GetString()} {Target(f)}").Order(StringComparer.Ordinal).ToList();
            Assert.Equal(
            [
                "cluster.version.end-of-life Cluster/replay",
                "cluster.version.end-of-life Node/worker-2",
                "cluster.version.patch-behind Cluster/replay",
                "cluster.version.patch-behind Node/worker-2",
                "cluster.version.skew Node/worker-2",
            ], versions);
            Assert.Contains(Findings(report, "cluster.version.end-of-life"), f => f.Contains("Kubernetes 1.29 reached end of life on 2025-02-28", StringComparison.Ordinal));
            Assert.Contains(Findings(report, "cluster.version.skew"), f => f.Contains("4 minor versions behind the API server (v1.29.4)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Control_plane_settings_are_audited_from_the_static_pods_and_anonymous_access_is_probed()
    {
        var (_, report, _, server) = await ScanAsync();
        using (server)
        {
            var checks = report.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("check").GetString()).ToHashSet();
            foreach (var expected in new[] { "node.apiserver.anonymous-auth", "node.apiserver.authorization-mode-not-always-allow", "node.apiserver.audit-log-path", "node.apiserver.node-restriction", "node.etcd.client-cert-auth", "cluster.version-disclosed", "rbac.anonymous-binding" })
            {
                Assert.True(checks.Contains(expected), $"{expected} missing; have {string.Join(", ", checks.Order())}");
            }
            Assert.DoesNotContain("cluster.anonymous-access", checks);
        }
    }

    [Fact]
    public async Task The_audit_policy_the_api_server_names_is_pointed_out_and_graded_from_a_copy()
    {
        var folder = CliRunner.TempDirectory();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures", "cluster")))
        {
            var text = File.ReadAllText(file);
            File.WriteAllText(Path.Combine(folder, Path.GetFileName(file)),
                text.Replace("\"--authorization-mode=AlwaysAllow\",", "\"--authorization-mode=AlwaysAllow\",\n        \"--audit-policy-file=/etc/kubernetes/audit-policy.yaml\",", StringComparison.Ordinal));
        }
        using var server = new ReplayApiServer(new RecordedCluster(folder).Handle);
        var dir = CliRunner.TempDirectory();
        var kubeconfig = server.WriteKubeconfig(dir, RecordedCluster.Token);
        string[] scan = ["scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json", "--db", Path.Combine(dir, "none.db")];

        using var pointed = JsonDocument.Parse((await CliRunner.InProcessAsync(dir, scan)).Out);
        Assert.Contains(pointed.RootElement.GetProperty("diagnostics").EnumerateArray(),
            d => d.GetProperty("message").GetString()!.Contains("audit policy (/etc/kubernetes/audit-policy.yaml) is a file on the control-plane host", StringComparison.Ordinal));
        Assert.Empty(Findings(pointed, "audit.policy.secret-bodies-logged"));

        var policy = Path.Combine(dir, "audit-policy.yaml");
        File.WriteAllText(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n");
        using var graded = JsonDocument.Parse((await CliRunner.InProcessAsync(dir, [.. scan, "--audit-policy", policy])).Out);
        Assert.NotEmpty(Findings(graded, "audit.policy.secret-bodies-logged"));
        Assert.NotEmpty(Findings(graded, "audit.policy.request-received-logged"));
        Assert.DoesNotContain(graded.RootElement.GetProperty("diagnostics").EnumerateArray(),
            d => d.GetProperty("message").GetString()!.Contains("out of the API's reach", StringComparison.Ordinal));

        using var missing = JsonDocument.Parse((await CliRunner.InProcessAsync(dir, [.. scan, "--audit-policy", Path.Combine(dir, "absent.yaml")])).Out);
        Assert.Contains(missing.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("absent.yaml", StringComparison.Ordinal));
        Assert.NotEmpty(Findings(missing, "node.apiserver.anonymous-auth"));
    }

    [Fact]
    public async Task An_api_server_that_lets_anonymous_users_list_namespaces_is_critical()
    {
        var (_, report, _, server) = await ScanAsync(c => { }, []);
        server.Dispose();
        var open = new RecordedCluster { AnonymousCanListNamespaces = true };
        using var openServer = new ReplayApiServer(open.Handle);
        var dir = CliRunner.TempDirectory();
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", openServer.WriteKubeconfig(dir, RecordedCluster.Token), "--format", "json", "--db", Path.Combine(dir, "none.db"));
        using var openReport = JsonDocument.Parse(run.Out);
        Assert.Single(Findings(openReport, "cluster.anonymous-access"));
        Assert.Empty(Findings(report, "cluster.anonymous-access"));
    }

    [Fact]
    public async Task Secrets_are_only_ever_requested_as_metadata()
    {
        var (run, _, cluster, server) = await ScanAsync();
        using (server)
        {
            Assert.Empty(cluster.FullSecretRequests);
            Assert.Contains(server.Requests, r => r.Path == "/api/v1/secrets");
            Assert.DoesNotContain("SECRET-DATA", run.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("U0VDUkVULURBVEEt", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Namespace_selection_reads_only_the_namespaces_asked_for()
    {
        var (_, only, _, server) = await ScanAsync(null, "--namespace", "team-a");
        using (server)
        {
            Assert.Contains(server.Requests, r => r.Path == "/api/v1/namespaces/team-a/pods");
            Assert.DoesNotContain(server.Requests, r => r.Path == "/api/v1/pods");
            Assert.Contains(Findings(only, "pod.privileged"), f => f.Contains("team-a/web", StringComparison.Ordinal));
        }
        var (_, excluded, _, other) = await ScanAsync(null, "--exclude-namespace", "team-a");
        using (other)
        {
            // Objects in team-a are not read; cluster-scoped bindings that name its service accounts still are.
            Assert.Empty(Findings(excluded, "pod.privileged"));
            Assert.DoesNotContain(Findings(excluded), f => f.Contains("Deployment/team-a/", StringComparison.Ordinal) || f.Contains("Pod/team-a/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Lists_are_paged()
    {
        var (_, _, _, server) = await ScanAsync();
        using (server)
        {
            var pods = server.Requests.Where(r => r.Path == "/api/v1/pods").ToList();
            Assert.True(pods.Count >= 4, "8 pods at 2 per page take 4 requests");
            Assert.Equal(pods.Count - 1, pods.Count(r => r.Query.ContainsKey("continue")));
        }
    }

    [Fact]
    public async Task A_forbidden_resource_is_a_diagnostic_and_the_rest_is_scanned()
    {
        var (run, report, _, server) = await ScanAsync(c => c.Forbidden.Add("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"));
        using (server)
        {
            Assert.Equal(3, run.ExitCode);
            var diagnostics = report.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("message").GetString()!).ToList();
            Assert.Contains(diagnostics, d => d.Contains("clusterrolebindings", StringComparison.Ordinal) && d.Contains("forbidden (403)", StringComparison.Ordinal));
            Assert.Contains(diagnostics, d => d.Contains("the report is partial", StringComparison.Ordinal));
            Assert.NotEmpty(Findings(report, "pod.privileged"));
            Assert.Contains(Findings(report, "rbac.node-escape-path"), f => f.Contains("User/bob", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_slow_resource_times_out_without_hanging_the_scan()
    {
        var started = DateTime.UtcNow;
        var (run, report, _, server) = await ScanAsync(c => c.Slow["/apis/networking.k8s.io/v1/ingresses"] = TimeSpan.FromSeconds(20), "--timeout", "4");
        using (server)
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
            Assert.Equal(3, run.ExitCode);
            Assert.Contains(report.RootElement.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("--timeout 4", StringComparison.Ordinal)
                || d.GetProperty("message").GetString()!.Contains("time-out", StringComparison.Ordinal));
        }
    }
}

