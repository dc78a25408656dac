using System.Text;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests.Kustomize;
using static Palisade.Kubernetes.Tests.ScanHelper;

namespace Palisade.Kubernetes.Tests.Manifests;

public sealed class LoadingTests
{
    [Fact]
    public async Task Findings_point_at_the_offending_field()
    {
        var output = await ScanAsync(Fixture("Loading", "list-kind.yaml"));
        var privileged = Single(output, "pod.privileged", "first");
        Assert.Equal((14, 25), (privileged.Target.Location!.Line, privileged.Target.Location.Column));
        Assert.Equal("app", privileged.Target.Container);
        var hostNetwork = Single(output, "pod.host-namespaces", "second");
        Assert.Equal((23, 24), (hostNetwork.Target.Location!.Line, hostNetwork.Target.Location.Column));
        Assert.Equal("team-a", hostNetwork.Target.Resource!.Namespace);
    }

    [Fact]
    public async Task Tab_indented_json_is_read_with_positions()
    {
        var output = await ScanAsync(Fixture("Loading", "tabbed.json"));
        Assert.Empty(output.Diagnostics);
        Assert.Equal(7, Single(output, "pod.privileged").Target.Location!.Line);
    }

    [Fact]
    public async Task Ignore_annotation_on_object_or_template_suppresses_by_id_or_alias()
    {
        var output = await ScanAsync(Fixture("Loading", "annotated.yaml"));
        Assert.DoesNotContain(output.Findings, f => f.Check.Id.Value is "pod.privileged" or "pod.host-namespaces" or "container.read-only-root-filesystem");
        Assert.Equal(3, output.Suppressed.Count);
        Assert.All(output.Suppressed, s => Assert.Contains("palisade.dev/ignore", s.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Merge_keys_are_applied()
    {
        var output = await ScanAsync(Fixture("Loading", "merge-keys.yaml"));
        Assert.Equal(["app", "sidecar"], output.Findings.Where(f => f.Check.Id.Value == "pod.privileged").Select(f => f.Target.Container).Order());
    }

    [Fact]
    public async Task Standard_input_is_read_with_dash()
    {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: piped}\nspec:\n  hostIPC: true\n  containers: [{name: a, image: a:1}]\n";
        var scanner = new ManifestScanner(new KustomizeRenderer(), () => new MemoryStream(Encoding.UTF8.GetBytes(yaml)));
        var output = await scanner.ScanAsync(new ManifestScanRequest(["-"], new ManifestScanOptions()), Palisade.Core.Scanning.NoProgress.Instance, CancellationToken.None);
        var finding = Single(output, "pod.host-namespaces");
        Assert.Equal(("<stdin>", 5), (finding.Target.Location!.File, finding.Target.Location.Line));
    }

    [SkippableFact]
    public async Task Kustomization_is_rendered_and_findings_point_at_the_source_file()
    {
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "kubectl")));
        Assert.True(kubectl || !Palisade.TestSupport.Corpus.InCi, "kubectl is required in CI (.ci/run installs it)");
        Skip.IfNot(kubectl, "kubectl not on PATH: kustomize rendering not tested");
        var output = await ScanAsync(Fixture("Kustomize", "overlay"));
        Assert.DoesNotContain(output.Diagnostics, d => d.Level == Core.Findings.DiagnosticLevel.Error);
        var finding = Single(output, "pod.privileged", "prod-app");
        Assert.Equal("prod", finding.Target.Resource!.Namespace);
        Assert.EndsWith(Path.Combine("base", "app.yaml"), finding.Target.Location!.File, StringComparison.Ordinal);
        Assert.Equal((16, 25), (finding.Target.Location.Line, finding.Target.Location.Column));
    }

    [Fact]
    public async Task Missing_kubectl_is_reported_clearly()
    {
        var output = await ScanAsync(new ManifestScanOptions(), new KustomizeRenderer("kubectl-that-does-not-exist"), Fixture("Kustomize", "overlay"));
        Assert.Contains("was not found on PATH", Error(output).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pss_level_baseline_leaves_out_restricted_controls()
    {
        var options = new ManifestScanOptions { Context = new Palisade.Kubernetes.Checks.ManifestContext(Palisade.Kubernetes.PodSecurity.PssLevel.Baseline, Palisade.Kubernetes.PodSecurity.PssVersion.Latest) };
        var output = await ScanAsync(options, new KustomizeRenderer(), Fixture("Loading", "list-kind.yaml"));
        Assert.Contains(output.Findings, f => f.Check.Id.Value == "pod.privileged");
        Assert.DoesNotContain(output.Findings, f => f.Check.Id.Value == "pod.run-as-non-root");
    }

    [Fact]
    public async Task Skip_and_only_select_checks_by_id_or_alias()
    {
        var only = new ManifestScanOptions { OnlyChecks = new HashSet<string> { "KSV017" } };
        var output = await ScanAsync(only, new KustomizeRenderer(), Fixture("Loading", "list-kind.yaml"));
        Assert.All(output.Findings, f => Assert.Equal("pod.privileged", f.Check.Id.Value));
        var skip = new ManifestScanOptions { SkipChecks = new HashSet<string> { "pod.privileged" } };
        output = await ScanAsync(skip, new KustomizeRenderer(), Fixture("Loading", "list-kind.yaml"));
        Assert.DoesNotContain(output.Findings, f => f.Check.Id.Value == "pod.privileged");
    }
}
