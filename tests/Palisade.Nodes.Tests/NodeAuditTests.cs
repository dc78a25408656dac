using Palisade.Core.Findings;
using Palisade.Nodes.Inspection;
using Palisade.Nodes.Benchmarks;
using Palisade.Nodes.Components;

namespace Palisade.Nodes.Tests;

public sealed class NodeAuditTests
{
    private static readonly ComponentCatalog Catalog = ComponentCatalog.Load();

    public static TheoryData<string> Versions() => [.. BenchmarkLoader.Versions];

    internal static NodeAuditResult Audit(string fixture, string benchmark = "cis-1.12", string? k8sVersion = null) =>
        new NodeAuditor(Catalog).Audit(new NodeAuditOptions { Root = NodeFixture.Build(fixture), Benchmark = benchmark, KubernetesVersion = k8sVersion });

    private static IEnumerable<Control> Automated(string version, bool needsOwnership) =>
        BenchmarkLoader.Load(version).Controls
            .Where(c => c.Automated && c.Component != "cluster")
            .Where(c => needsOwnership || !c.Audit.Any(a => a.Expect.Op == ExpectOperator.Owner));

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public void Every_automated_control_passes_on_the_hardened_node(string version)
    {
        var result = Audit("hardened", version);
        var byControl = result.Findings.ToDictionary(f => f.Check.Reference(Framework.Cis)!.Control);
        var wrong = Automated(version, NodeFixture.CanChown)
            .Where(c => byControl[c.Id].Status != FindingStatus.Pass)
            .Select(c => $"{c.Id} {byControl[c.Id].Status}: {byControl[c.Id].Message}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Skip.IfNot(NodeFixture.CanChown, "not root: ownership controls were not exercised");
    }

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public void Every_automated_control_fails_on_the_insecure_node(string version)
    {
        var result = Audit("insecure", version);
        var byControl = result.Findings.ToDictionary(f => f.Check.Reference(Framework.Cis)!.Control);
        var wrong = Automated(version, NodeFixture.CanChown)
            .Where(c => byControl[c.Id].Status != FindingStatus.Fail)
            .Select(c => $"{c.Id} {byControl[c.Id].Status}: {byControl[c.Id].Message}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Skip.IfNot(NodeFixture.CanChown, "not root: ownership controls were not exercised");
    }

    [Theory]
    [InlineData("kubeadm-default", "cis-1.11", "v1.30.4")]
    [InlineData("hardened", "cis-1.12", "v1.33.2")]
    public void Auto_picks_the_benchmark_from_the_static_pod_image(string fixture, string benchmark, string version)
    {
        var result = Audit(fixture, "auto");
        Assert.Equal(benchmark, result.Benchmark);
        Assert.Contains(version, result.BenchmarkReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_from_a_static_pod_manifest_point_at_their_line()
    {
        var result = Audit("kubeadm-default", "cis-1.11");
        var nodeRestriction = Assert.Single(result.Findings, f => f.Check.Id.Value == "node.apiserver.node-restriction");
        Assert.Equal(FindingStatus.Pass, nodeRestriction.Status);
        Assert.EndsWith("/etc/kubernetes/manifests/kube-apiserver.yaml", nodeRestriction.Target.Location!.File, StringComparison.Ordinal);
        Assert.Equal(17, nodeRestriction.Target.Location.Line);
    }

    [Fact]
    public void Kubelet_settings_in_a_config_file_are_read_with_their_file_and_line()
    {
        var result = Audit("k3s", "cis-1.12");
        var anonymous = Assert.Single(result.Findings, f => f.Check.Id.Value == "node.kubelet.anonymous-auth");
        Assert.Equal(FindingStatus.Pass, anonymous.Status);
        Assert.Equal("/var/lib/rancher/k3s/agent/etc/kubelet.conf.d/00-k3s-defaults.conf", anonymous.Target.Location!.File);
        Assert.Equal(5, anonymous.Target.Location.Line);
        Assert.Equal("k3s", result.Distribution);
        Assert.DoesNotContain(result.Findings, f => f.Status == FindingStatus.Fail && f.Message.Contains("is not set", StringComparison.Ordinal)
            && f.Check.Id.Value.StartsWith("node.kubelet.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_relative_kubelet_config_path_is_resolved_from_the_kubelet_working_directory()
    {
        var result = Audit("insecure", "cis-1.12");
        var anonymous = Assert.Single(result.Findings, f => f.Check.Id.Value == "node.kubelet.anonymous-auth");
        Assert.Equal("/var/lib/kubelet/config.yaml", anonymous.Target.Location!.File);
    }

    [Fact]
    public void Seed_settings_state_what_was_seen()
    {
        var good = Audit("hardened", "cis-1.12").Findings.ToDictionary(f => f.Check.Id.Value);
        var bad = Audit("insecure", "cis-1.12").Findings.ToDictionary(f => f.Check.Id.Value);
        // Anonymous API access is a manual control in CIS: a warning that says whether the audit passes.
        Assert.Contains("the audit passes", good["node.apiserver.anonymous-auth"].Message, StringComparison.Ordinal);
        Assert.Contains("the audit fails", bad["node.apiserver.anonymous-auth"].Message, StringComparison.Ordinal);
        Assert.Contains("--anonymous-auth=true", bad["node.apiserver.anonymous-auth"].Message, StringComparison.Ordinal);
        foreach (var id in new[] { "node.apiserver.kubelet-client-certificate", "node.apiserver.kubelet-certificate-authority", "node.etcd.client-cert-auth",
            "node.etcd.client-tls", "node.apiserver.etcd-client-certificate", "node.kubelet.anonymous-auth", "node.kubelet.authorization-mode",
            "node.apiserver.node-restriction", "node.apiserver.audit-log-path" })
        {
            Assert.Equal(FindingStatus.Pass, good[id].Status);
            Assert.Equal(FindingStatus.Fail, bad[id].Status);
        }
    }

    [Fact]
    public void A_missing_root_is_an_error_not_a_crash()
    {
        var result = new NodeAuditor(Catalog).Audit(new NodeAuditOptions { Root = "/definitely/not/a/root", Benchmark = "cis-1.12" });
        Assert.Empty(result.Findings);
        Assert.Equal(DiagnosticLevel.Error, Assert.Single(result.Diagnostics).Level);
    }

    [Fact]
    public void A_broken_node_is_audited_with_notices_for_what_could_not_be_read()
    {
        var result = Audit("broken", "cis-1.12");
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("/proc/603/cmdline is missing", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("could not be read as a pod manifest", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Message.Contains("missing-config.yaml not found", StringComparison.Ordinal));
        Assert.NotEmpty(result.Findings);
    }

    [Fact]
    public void Targets_limit_the_sections()
    {
        var result = new NodeAuditor(Catalog).Audit(new NodeAuditOptions { Root = NodeFixture.Build("worker"), Benchmark = "cis-1.12", Targets = new HashSet<string> { "node" } });
        Assert.All(result.Findings, f => Assert.StartsWith("4.", f.Check.Reference(Framework.Cis)!.Control, StringComparison.Ordinal));
        Assert.Equal("4", Assert.Single(result.Sections).Id);
    }
}
