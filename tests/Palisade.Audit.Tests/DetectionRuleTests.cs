using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;
using Palisade.TestSupport;

namespace Palisade.Audit.Tests;

/// <summary>Every shipped rule fires on its positive events and stays quiet on its negative ones (Fixtures/rules).</summary>
public sealed class DetectionRuleTests
{
    private static readonly IReadOnlyList<DetectionRule> Rules = RuleLoader.Shipped();

    public static TheoryData<string> RuleIds() => [.. Rules.Select(r => r.Info.Id.Value)];

    private static List<string> Fire(string file)
    {
        var analyzer = new AuditAnalyzer(Rules, RuleSettings.Default);
        var malformed = new List<MalformedInput>();
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rules", file));
        var fired = AuditEventReader.Read(stream, file, malformed.Add).SelectMany(analyzer.Analyze).Select(f => f.Check.Id.Value).ToList();
        Assert.Empty(malformed);
        return fired;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Fires_on_its_positive_events(string id) => Assert.Contains(id, Fire($"{id}.positive.jsonl"));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Stays_quiet_on_its_negative_events(string id) => Assert.DoesNotContain(id, Fire($"{id}.negative.jsonl"));

    [Fact]
    public void At_least_thirty_rules_ship_each_with_attack_techniques()
    {
        Assert.True(Rules.Count >= 30, $"{Rules.Count} rules");
        Assert.All(Rules, r => Assert.NotEmpty(r.Info.Mitre));
        Assert.Equal(Rules.Count, Rules.Select(r => r.Info.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("rules:\n  - id: audit.x\n    title: t\n    severity: high\n    mitre: [T1609]\n    when: [{field: verb, equals: get}]\n    output: o\n    colour: red\n", "unknown rule field 'colour'")]
    [InlineData("rules:\n  - id: audit.x\n    title: t\n    severity: high\n    mitre: [T9999]\n    when: [{field: verb, equals: get}]\n    output: o\n", "T9999")]
    [InlineData("rules:\n  - id: audit.x\n    title: t\n    severity: high\n    mitre: [T1609]\n    when: [{field: verb, resembles: get}]\n    output: o\n", "unknown condition key 'resembles'")]
    [InlineData("rules:\n  - id: audit.x\n    title: t\n    severity: high\n    mitre: [T1609]\n    when: [{field: verb, matches: \"(\"}]\n    output: o\n", "bad regular expression")]
    [InlineData("rules:\n  - id: audit.x\n    title: t\n    severity: urgent\n    mitre: [T1609]\n    when: [{field: verb, equals: get}]\n    output: o\n", "not a severity")]
    public void Malformed_rules_are_rejected_with_the_reason(string yaml, string reason)
    {
        var (rules, errors) = RuleLoader.Load(yaml, "custom.yaml");
        Assert.Empty(rules);
        Assert.Contains(reason, Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}

/// <summary>The real audit events in ../shared/corpora: each scenario raises what its name says, the benign ones nothing.</summary>
public sealed class CorpusScenarioTests
{
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["anonymous_creates_namespace_foo.json"] = ["audit.anonymous-write-allowed"],
        ["attach_cluster_admin_role.json"] = ["audit.cluster-admin-binding"],
        ["attach_pod.json"] = ["audit.pod-exec"],
        ["create_cluster_role_pod_exec.json"] = ["audit.role-escalating-permissions"],
        ["create_cluster_role_wildcard_resources.json"] = ["audit.role-wildcard"],
        ["create_cluster_role_wildcard_verbs.json"] = ["audit.role-wildcard"],
        ["create_cluster_role_write_privileges.json"] = ["audit.role-write-privileges"],
        ["create_configmap_sensitive_values.json"] = ["audit.configmap-credentials"],
        ["create_kube_system_secret.json"] = ["audit.system-secret-created"],
        ["create_nginx_pod_hostnetwork.json"] = ["audit.pod-host-network"],
        ["create_nginx_pod_no_secctx_1st_container_privileged_2nd_container.json"] = ["audit.pod-privileged"],
        ["create_nginx_pod_privileged.json"] = ["audit.pod-privileged"],
        ["create_nginx_pod_privileged_2nd_container.json"] = ["audit.pod-privileged"],
        ["create_nginx_pod_sensitive_mount.json"] = ["audit.pod-sensitive-mount"],
        ["create_nginx_pod_sensitive_mount_2nd_container.json"] = ["audit.pod-sensitive-mount"],
        ["create_nginx_service_nodeport.json"] = ["audit.service-exposed"],
        ["create_pod_kube_public_namespace.json"] = ["audit.pod-in-system-namespace"],
        // A ReplicaSet's pod in kube-system, created by replicaset-controller: normal control-plane work (the
        // workload's own creation is what is reported). The same in kube-public, where nothing should run, is not.
        ["create_serviceaccount_kube_public_namespace.json"] = ["audit.system-serviceaccount-created"],
        ["create_serviceaccount_kube_system_namespace.json"] = ["audit.system-serviceaccount-created"],
        ["delete_cluster_role_kube_aggregator.json"] = ["audit.system-role-modified"],
        ["delete_namespace_foo.json"] = ["audit.namespace-deleted"],
        ["exec_pod.json"] = ["audit.pod-exec"],
        ["modify_cluster_role_node_problem_detector.json"] = ["audit.system-role-modified"],
    };

    public static TheoryData<string> Scenarios()
    {
        var folder = RepositoryPaths.Corpora + "/kubernetes-audit-events";
        return Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)] : ["missing"];
    }

    [SkippableTheory]
    [MemberData(nameof(Scenarios))]
    public void Each_scenario_raises_what_its_name_says(string file)
    {
        var path = Corpus.Require($"kubernetes-audit-events/{file}");
        var analyzer = new AuditAnalyzer(RuleLoader.Shipped(), RuleSettings.Default);
        var malformed = new List<MalformedInput>();
        using var stream = File.OpenRead(path);
        var fired = AuditEventReader.Read(stream, file, malformed.Add).SelectMany(analyzer.Analyze).Select(f => f.Check.Id.Value).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Expected.GetValueOrDefault(file) ?? [], fired);
        if (file == "fal_01_003.json")
        {
            Assert.Equal("not an audit event (no kind)", Assert.Single(malformed).Reason);
        }
        else
        {
            Assert.Empty(malformed);
        }
    }
}
