using System.Text;
using System.Text.Json;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>palisade scan node end to end: a minimal host root with one kubelet process.</summary>
public sealed class ScanNodeTests
{
    private static string WorkerRoot(params string[] kubeletArgs)
    {
        var root = TempDirectory();
        var proc = Directory.CreateDirectory(Path.Combine(root, "proc", "42")).FullName;
        File.WriteAllBytes(Path.Combine(proc, "cmdline"), Encoding.UTF8.GetBytes(string.Join('\0', kubeletArgs.Prepend("/usr/bin/kubelet")) + "\0"));
        return root;
    }

    [Fact]
    public async Task The_demo_node_root_gives_a_realistic_mix_including_the_containerised_kube_proxy()
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "node", "--root", Repo("examples", "node"), "-f", "json", "-q");
        using var doc = JsonDocument.Parse(run.Out);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        foreach (var status in new[] { "pass", "fail", "warn" })
        {
            Assert.Contains(findings, f => f.GetProperty("status").GetString() == status);
        }
        var metrics = findings.Single(f => f.GetProperty("check").GetString() == "node.proxy.metrics-bind-address");
        Assert.Equal("fail", metrics.GetProperty("status").GetString());
        Assert.Contains("/proc/4242/root/var/lib/kube-proxy/config.conf", metrics.GetProperty("evidence").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_kubernetes_is_one_line_and_exit_3()
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "node", "--root", TempDirectory(), "-f", "json", "-q");
        Assert.Equal(3, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Empty(doc.RootElement.GetProperty("findings").EnumerateArray());
        var diagnostic = Assert.Single(doc.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Contains("no Kubernetes component found", diagnostic.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_report_has_statuses_controls_and_sections()
    {
        var root = WorkerRoot("--anonymous-auth=true", "--authorization-mode=Webhook");
        var run = await InProcessAsync(TempDirectory(), "scan", "node", "--root", root, "--benchmark", "cis-1.12", "--targets", "node", "-f", "json", "-q");
        using var doc = JsonDocument.Parse(run.Out);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var anonymous = findings.Single(f => f.GetProperty("check").GetString() == "node.kubelet.anonymous-auth");
        Assert.Equal("fail", anonymous.GetProperty("status").GetString());
        Assert.Equal("4.2.1", anonymous.GetProperty("control").GetString());
        Assert.Equal("4.2 Kubelet", anonymous.GetProperty("group").GetString());
        Assert.Equal("/proc/42/cmdline", anonymous.GetProperty("target").GetProperty("file").GetString());
        Assert.Contains(findings, f => f.GetProperty("status").GetString() == "pass");
        Assert.True(doc.RootElement.GetProperty("summary").GetProperty("passed").GetInt32() > 0);
        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Fail_on_gates_on_failed_controls_only()
    {
        var insecure = WorkerRoot("--anonymous-auth=true");
        var secure = WorkerRoot("--anonymous-auth=false", "--authorization-mode=Webhook", "--client-ca-file=/ca.crt", "--rotate-certificates=true");
        var failing = await InProcessAsync(TempDirectory(), "scan", "node", "--root", insecure, "--benchmark", "cis-1.12", "--check", "4.2.1", "--fail-on", "high", "-q");
        Assert.Equal(1, failing.ExitCode);
        // Manual controls warn; warnings never fail the run.
        var passing = await InProcessAsync(TempDirectory(), "scan", "node", "--root", secure, "--benchmark", "cis-1.12", "--targets", "node", "--skip", "4.1.1,4.1.2,4.1.5,4.1.6", "--fail-on", "low", "-q");
        Assert.Equal(0, passing.ExitCode);
        Assert.Contains("WARN", passing.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_groups_by_section_with_counts()
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "node", "--root", WorkerRoot("--anonymous-auth=false"), "--benchmark", "cis-1.10", "--no-color");
        Assert.Contains("4.2 Kubelet", run.Out, StringComparison.Ordinal);
        Assert.Contains("1.2 API Server", run.Out, StringComparison.Ordinal);
        Assert.Contains("not applicable: kube-apiserver is not on this node", run.Out, StringComparison.Ordinal);
        Assert.Contains("== Summary node (4 Worker Node Security Configuration):", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--benchmark", "cis-9.9")]
    [InlineData("--targets", "workers")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "node", "--root", TempDirectory(), option, value);
        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public async Task A_missing_root_exits_3()
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "node", "--root", "/no/such/root", "-q");
        Assert.Equal(3, run.ExitCode);
    }
}

/// <summary>`scan node` grades the API server's audit policy when the file it names is on the node.</summary>
public sealed class NodeAuditPolicyTests
{
    [Fact]
    public async Task The_audit_policy_the_api_server_uses_is_graded()
    {
        var root = CliRunner.TempDirectory();
        var manifests = Directory.CreateDirectory(Path.Combine(root, "etc", "kubernetes", "manifests")).FullName;
        await File.WriteAllTextAsync(Path.Combine(manifests, "kube-apiserver.yaml"), """
            apiVersion: v1
            kind: Pod
            metadata:
              name: kube-apiserver
              namespace: kube-system
            spec:
              containers:
                - name: kube-apiserver
                  image: registry.k8s.io/kube-apiserver:v1.31.2
                  command:
                    - kube-apiserver
                    - --audit-log-path=/var/log/kubernetes/audit.log
                    - --audit-policy-file=/etc/kubernetes/audit-policy.yaml
            """);
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "kubernetes", "audit-policy.yaml"), "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n");
        var run = await CliRunner.InProcessAsync(CliRunner.TempDirectory(), "scan", "node", "--root", root, "--k8s-version", "1.31", "--targets", "controlplane", "-f", "json", "-q");
        using var report = System.Text.Json.JsonDocument.Parse(run.Out);
        var graded = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("check").GetString()!.StartsWith("audit.policy.", StringComparison.Ordinal)).ToList();
        Assert.Contains(graded, f => f.GetProperty("check").GetString() == "audit.policy.secret-bodies-logged");
        Assert.All(graded, f => Assert.Equal("/etc/kubernetes/audit-policy.yaml", f.GetProperty("target").GetProperty("file").GetString()));
    }
}
