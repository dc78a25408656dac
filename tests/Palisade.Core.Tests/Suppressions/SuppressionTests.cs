using Palisade.Core.Findings;
using Palisade.Core.Suppressions;

namespace Palisade.Core.Tests.Suppressions;

public sealed class SuppressionTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly CheckInfo Privileged = new()
    {
        Id = CheckId.Parse("pod.privileged"),
        Title = "Privileged container",
        Severity = Severity.High,
        Description = "d",
        Remediation = "r",
        Mitre = CheckInfo.Techniques("T1611"),
        Aliases = ["KSV017"],
    };

    private static Finding On(string kind, string? ns, string name, string? container = null) =>
        new(Privileged, new Target(new SourceLocation("deploy/agent.yaml", 3, 1), new ResourceRef(kind, ns, name), container), "m");

    private static IReadOnlyList<IgnoreRule> Load(string yaml)
    {
        var (rules, diagnostics) = IgnoreFileLoader.Load(".palisadeignore.yaml", yaml);
        Assert.Empty(diagnostics);
        return rules;
    }

    [Fact]
    public void Selectors_match_kind_namespace_name_globs_and_container()
    {
        var rules = Load("ignores:\n  - check: pod.privileged\n    kind: DaemonSet\n    namespace: monitor*\n    name: node-?gent\n    container: agent\n    reason: the agent reads host metrics\n");
        var (kept, suppressed, _) = new SuppressionFilter(rules, Today).Apply(
            [On("DaemonSet", "monitoring", "node-agent", "agent"), On("DaemonSet", "monitoring", "node-agent", "sidecar"), On("Deployment", "monitoring", "node-agent", "agent")]);
        Assert.Equal("the agent reads host metrics", Assert.Single(suppressed).Reason);
        Assert.Equal(2, kept.Count);
    }

    [Fact]
    public void An_alias_selects_the_check()
    {
        var rules = Load("ignores:\n  - check: KSV017\n    reason: migrated from trivy\n");
        var (_, suppressed, _) = new SuppressionFilter(rules, Today).Apply([On("Pod", null, "a")]);
        Assert.Single(suppressed);
    }

    [Fact]
    public void Expired_entries_stop_suppressing_and_are_reported()
    {
        var rules = Load("ignores:\n  - check: pod.privileged\n    reason: temporary\n    expires: 2026-11-29\n  - check: pod.privileged\n    name: b\n    reason: until next year\n    expires: 2027-01-01\n");
        var (kept, suppressed, notices) = new SuppressionFilter(rules, Today).Apply([On("Pod", null, "a"), On("Pod", null, "b")]);
        Assert.Equal("a", Assert.Single(kept).Target.Resource!.Name);
        Assert.Equal("b", Assert.Single(suppressed).Finding.Target.Resource!.Name);
        Assert.Contains("expired on 2026-11-29", Assert.Single(notices).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ignores:\n  - check: pod.privileged\n", "reason")]
    [InlineData("ignores:\n  - check: pod.privileged\n    reason: x\n    namspace: typo\n", "unknown field 'namspace'")]
    [InlineData("ignores:\n  - check: pod.privileged\n    reason: x\n    expires: next week\n", "YYYY-MM-DD")]
    [InlineData("- check: pod.privileged\n", "'ignores' list")]
    public void Mistakes_in_the_ignore_file_are_diagnosed_with_their_line(string yaml, string expected)
    {
        var (rules, diagnostics) = IgnoreFileLoader.Load(".palisadeignore.yaml", yaml);
        Assert.Empty(rules);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Contains(expected, diagnostic.Message, StringComparison.Ordinal);
        Assert.NotNull(diagnostic.Line);
    }

    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("web-*", "web-1", true)]
    [InlineData("web-*", "api-1", false)]
    [InlineData("w?b", "web", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    public void Globs_match_whole_names(string pattern, string text, bool expected) => Assert.Equal(expected, Glob.IsMatch(pattern, text));
}
