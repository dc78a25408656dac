using Palisade.Audit.Policy;

namespace Palisade.Audit.Tests;

/// <summary>Audit policy grading on a permissive, a default-like and a hardened policy (Fixtures/policies).</summary>
public sealed class PolicyGradingTests
{
    private static List<string> Grade(string name)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Fixtures", "policies", name);
        return [.. AuditPolicyGrader.Grade(AuditPolicy.Parse(File.ReadAllText(file), name), name).Select(f => $"{f.Check.Id} {f.Evidence}")];
    }

    [Fact]
    public void A_permissive_policy_leaks_secrets_into_the_log()
    {
        Assert.Equal(
        [
            "audit.policy.secret-bodies-logged rule 1: level RequestResponse",
            "audit.policy.secret-bodies-logged rule 1: level RequestResponse",
            "audit.policy.secret-bodies-logged rule 1: level RequestResponse",
            "audit.policy.request-received-logged omitStages lacks RequestReceived",
        ], Grade("permissive.yaml"));
    }

    [Fact]
    public void A_default_like_policy_drops_exec_and_logs_pods_and_rbac_too_low()
    {
        var findings = Grade("default-like.yaml");
        Assert.Equal(3, findings.Count(f => f == "audit.policy.sensitive-not-logged rule 4: level None"));
        Assert.Contains("audit.policy.sensitive-not-logged rule 2: level None", findings);
        Assert.Contains("audit.policy.sensitive-not-logged no matching rule", findings);
        Assert.Equal(5, findings.Count(f => f == "audit.policy.level-too-low rule 5: level Metadata"));
        Assert.Contains("audit.policy.no-catch-all no final catch-all rule", findings);
        Assert.DoesNotContain(findings, f => f.StartsWith("audit.policy.secret-bodies-logged", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hardened_policy_passes() => Assert.Empty(Grade("hardened.yaml"));

    [Theory]
    [InlineData("pods", null, true)]
    [InlineData("pods", "exec", false)]
    [InlineData("pods/exec", "exec", true)]
    [InlineData("pods/*", "log", true)]
    [InlineData("*/scale", "scale", true)]
    [InlineData("*", "exec", true)]
    public void Resources_match_subresources_as_the_api_server_does(string ruleResource, string? subresource, bool matches)
    {
        var rule = new PolicyRule(1, 1, AuditLevel.Metadata, [], [], [], [("", [ruleResource])], [], [], []);
        var resource = ruleResource.StartsWith('*') ? "deployments" : "pods";
        Assert.Equal(matches, rule.Matches(new ProbeRequest("create", "", resource, subresource, "default")));
    }

    private const string Selective = """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        rules:
          - level: None
            users: ["system:kube-proxy"]
          - level: None
            userGroups: ["system:nodes"]
            verbs: ["get"]
          - level: None
            nonResourceURLs: ["/healthz*", "/version"]
          - level: Request
            namespaces: ["kube-system"]
          - level: Metadata
        """;

    [Theory]
    [InlineData("system:kube-proxy", "system:authenticated", "get", "default", null, AuditLevel.None, 1)]
    [InlineData("system:node:n1", "system:nodes", "get", "default", null, AuditLevel.None, 2)]
    [InlineData("system:node:n1", "system:nodes", "create", "default", null, AuditLevel.Metadata, 5)]
    [InlineData("alice", "system:authenticated", "get", null, "/healthz/etcd", AuditLevel.None, 3)]
    [InlineData("alice", "system:authenticated", "get", null, "/metrics", AuditLevel.Metadata, 5)]
    [InlineData("alice", "system:authenticated", "create", "kube-system", null, AuditLevel.Request, 4)]
    [InlineData("alice", "system:authenticated", "create", "default", null, AuditLevel.Metadata, 5)]
    public void Users_groups_namespaces_and_non_resource_urls_match_in_order(string user, string group, string verb, string? ns, string? url, AuditLevel level, int rule)
    {
        var policy = AuditPolicy.Parse(Selective, "selective.yaml");
        var (got, matched) = policy.Evaluate(new ProbeRequest(verb, "", "pods", null, ns, url) { User = user, Groups = [group] });
        Assert.Equal((level, rule), (got, matched!.Number));
    }

    [Fact]
    public void A_file_that_is_not_a_policy_is_a_clear_error() =>
        Assert.Contains("not an audit Policy", Assert.Throws<InvalidDataException>(() => AuditPolicy.Parse("kind: Pod\n", "pod.yaml")).Message, StringComparison.Ordinal);
}
