using System.Text.Json;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>--policy and policy export-vap as users run them: formats, gates, suppressions, config, the cluster's RBAC.</summary>
public sealed class PolicyCommandTests
{
    private static string[] Findings(string json, string prefix) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("check").GetString()!)
            .Where(id => id.StartsWith(prefix, StringComparison.Ordinal))];

    [Fact]
    public async Task The_readme_example_reports_the_policies_findings_and_gates_on_them()
    {
        var run = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Repo("examples", "policy-demo"), "--policy", Repo("examples", "policies"), "--no-color",
            "--check", "vap.replica-limit.example.com,vap.trusted-registries.example.com,custom.team-label", "--fail-on", "high");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("vap.replica-limit.example.com", run.Out, StringComparison.Ordinal);
        Assert.Contains("replicas must be no greater than 5, not 12", run.Out, StringComparison.Ordinal);
        Assert.Contains("images from untrusted registries: docker.io/library/envoy:1.30", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("custom.team-label", run.Out, StringComparison.Ordinal);
        Assert.Contains("Findings: 0 critical, 1 high, 1 medium, 0 low", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_findings_work_in_every_format_with_suppressions_and_the_config_file()
    {
        var dir = TempDirectory();
        File.WriteAllText(Path.Combine(dir, ".palisade.yaml"), $"policy: [{Repo("examples", "policies")}]\n");
        File.WriteAllText(Path.Combine(dir, ".palisadeignore.yaml"), "ignores:\n  - check: vap.replica-limit.example.com\n    reason: scaled down next sprint\n");
        var manifests = Repo("examples", "policy-demo");

        var json = await InProcessAsync(dir, "scan", "manifests", manifests, "--format", "json");
        Assert.Equal(["vap.trusted-registries.example.com"], Findings(json.Out, "vap."));
        Assert.Equal(1, JsonDocument.Parse(json.Out).RootElement.GetProperty("summary").GetProperty("suppressed").GetInt32());

        var sarif = await InProcessAsync(dir, "scan", "manifests", manifests, "--format", "sarif");
        Assert.Contains("\"ruleId\": \"vap.trusted-registries.example.com\"", sarif.Out, StringComparison.Ordinal);
        var junit = await InProcessAsync(dir, "scan", "manifests", manifests, "--format", "junit");
        Assert.Contains("vap.trusted-registries.example.com", junit.Out, StringComparison.Ordinal);

        var skipped = await InProcessAsync(dir, "scan", "manifests", manifests, "--format", "json", "--skip", "vap.trusted-registries.example.com");
        Assert.Empty(Findings(skipped.Out, "vap."));
    }

    [Fact]
    public async Task A_broken_policy_is_named_exits_3_and_the_others_still_run()
    {
        var dir = TempDirectory();
        File.Copy(Repo("examples", "policies", "replica-limit.yaml"), Path.Combine(dir, "good.yaml"));
        File.WriteAllText(Path.Combine(dir, "bad.yaml"), """
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: broken}
            spec:
              matchConstraints:
                resourceRules: [{apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE"], resources: ["deployments"]}]
              validations:
                - expression: object.spec.replicas <=
            """);
        var run = await ProcessAsync(dir, null, "scan", "manifests", Repo("examples", "policy-demo"), "--policy", dir, "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("bad.yaml:8", run.Error, StringComparison.Ordinal);
        Assert.Contains("spec.validations[0].expression", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Equal(["vap.replica-limit.example.com"], Findings(run.Out, "vap."));
    }

    [Fact]
    public async Task On_a_cluster_the_authorizer_answers_from_its_rbac_and_pods_of_workloads_are_seen()
    {
        var cluster = new RecordedCluster();
        using var server = new ReplayApiServer(cluster.Handle);
        var dir = TempDirectory();
        var kubeconfig = server.WriteKubeconfig(dir, RecordedCluster.Token);
        var run = await InProcessAsync(dir, "scan", "cluster", "--kubeconfig", kubeconfig, "--format", "json", "--db", Path.Combine(dir, "none.db"),
            "--policy", Fixture("policy", "cluster-policies.yaml"));
        var findings = JsonDocument.Parse(run.Out).RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("check").GetString()!.StartsWith("vap.", StringComparison.Ordinal))
            .Select(f => $"{f.GetProperty("check").GetString()} {f.GetProperty("target").GetProperty("namespace").GetString()}/{f.GetProperty("target").GetProperty("name").GetString()}: {f.GetProperty("message").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Contains("vap.pod-account-reads-secrets team-a/ci-runner: service account ci may read the secrets of namespace team-a", findings);
        Assert.DoesNotContain(findings, f => f.StartsWith("vap.pod-account-reads-secrets team-b/", StringComparison.Ordinal));
        Assert.Equal(["vap.no-privileged-pods team-a/web-7d9c6b5f4-q9z4m: privileged pods are refused", "vap.no-privileged-pods team-a/web-7d9c6b5f4-x2k8p: privileged pods are refused"],
            findings.Where(f => f.StartsWith("vap.no-privileged-pods", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Export_writes_policies_that_scan_like_the_checks()
    {
        var dir = TempDirectory();
        var export = await ProcessAsync(dir, null, "policy", "export-vap", "--check", "pod.privileged,container.image-latest", "--actions", "Deny", "--exclude-namespace", "kube-system", "-o", "vaps.yaml");
        Assert.Equal(0, export.ExitCode);
        Assert.Contains("Exported 2 policies", export.Error, StringComparison.Ordinal);
        var yaml = File.ReadAllText(Path.Combine(dir, "vaps.yaml"));
        Assert.Contains("validationActions: [Deny]", yaml, StringComparison.Ordinal);
        Assert.Contains("values: [\"kube-system\"]", yaml, StringComparison.Ordinal);

        var withPolicies = await ProcessAsync(dir, null, "scan", "manifests", Repo("examples", "insecure"), "--policy", "vaps.yaml", "--format", "json",
            "--check", "pod.privileged,container.image-latest,vap.palisade.pod.privileged,vap.palisade.container.image-latest");
        var report = JsonDocument.Parse(withPolicies.Out).RootElement.GetProperty("findings").EnumerateArray().ToList();
        string Objects(string check) => string.Join(",", report.Where(f => f.GetProperty("check").GetString() == check)
            .Select(f => f.GetProperty("target").GetProperty("name").GetString()).Distinct().Order(StringComparer.Ordinal));
        Assert.NotEmpty(Objects("pod.privileged"));
        Assert.Equal(Objects("pod.privileged"), Objects("vap.palisade.pod.privileged"));
        Assert.Equal(Objects("container.image-latest"), Objects("vap.palisade.container.image-latest"));
        Assert.All(report.Where(f => f.GetProperty("check").GetString() == "vap.palisade.pod.privileged"), f => Assert.Equal("high", f.GetProperty("severity").GetString()));
    }

    [Theory]
    [InlineData("policy", "export-vap", "--check", "workload.no-network-policy")]
    [InlineData("policy", "export-vap", "--check", "no.such-check")]
    [InlineData("policy", "export-vap", "--actions", "Deny,Warn")]
    [InlineData("policy", "export-vap", "--pss-level", "privileged")]
    public async Task Export_refuses_what_it_cannot_do_in_one_line(params string[] args)
    {
        var run = await ProcessAsync(TempDirectory(), null, args);
        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
    }
}
