using Palisade.Core.Findings;

namespace Palisade.Policy.Tests;

/// <summary>Every mistake in Fixtures/bad-policies/policies.yaml is reported with its line, and the good policies still load.</summary>
public sealed class BadPolicyTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "bad-policies");

    private static readonly (PolicySet Set, IReadOnlyList<Diagnostic> Diagnostics) Loaded =
        PolicyLoader.Load(["policies.yaml"], Dir, id => id == "pod.privileged");

    [Theory]
    [InlineData(12, DiagnosticLevel.Error, "unknown field \"spec.validation\"")]
    [InlineData(15, DiagnosticLevel.Error, "apiVersion 'admissionregistration.k8s.io/v1beta1' is not admissionregistration.k8s.io/v1")]
    [InlineData(30, DiagnosticLevel.Error, "undeclared reference to 'objekt' at column 1")]
    [InlineData(31, DiagnosticLevel.Error, "spec.validations[1].expression:")]
    [InlineData(33, DiagnosticLevel.Notice, "'runtime-fail' has no binding")]
    [InlineData(62, DiagnosticLevel.Error, "Deny and Warn may not be used together")]
    [InlineData(63, DiagnosticLevel.Error, "exactly one of name and selector")]
    [InlineData(63, DiagnosticLevel.Error, "'Maybe' is not one of Allow, Deny")]
    [InlineData(71, DiagnosticLevel.Error, "'PATCH' is not CREATE, UPDATE, DELETE, CONNECT or *")]
    [InlineData(71, DiagnosticLevel.Error, "'Everywhere' is not one of *, Cluster, Namespaced")]
    [InlineData(74, DiagnosticLevel.Error, "undeclared reference to 'variables.second'")]
    [InlineData(78, DiagnosticLevel.Error, "invalid regular expression '(unclosed'")]
    [InlineData(79, DiagnosticLevel.Error, "undeclared reference to function 'frobnicate'")]
    [InlineData(83, DiagnosticLevel.Error, "'pod.privileged' is already a check's id")]
    [InlineData(85, DiagnosticLevel.Error, "'urgent' is not one of critical, high, medium, low, info")]
    [InlineData(86, DiagnosticLevel.Error, "Check.match.kinds: required")]
    [InlineData(87, DiagnosticLevel.Error, "unknown field \"Check.expresion\"")]
    [InlineData(89, DiagnosticLevel.Notice, "names policy 'not-there', which is not among the policies given")]
    public void Each_mistake_is_named_with_its_line_once(int line, DiagnosticLevel level, string message)
    {
        var matching = Loaded.Diagnostics.Where(d => d.Line == line && d.Message.Contains(message, StringComparison.Ordinal)).ToList();
        Assert.True(matching.Count > 0, $"no diagnostic at line {line} containing \"{message}\":\n" + string.Join("\n", Loaded.Diagnostics.Select(d => $"{d.Line}: {d.Level} {d.Message}")));
        var match = Assert.Single(matching);
        Assert.Equal(level, match.Level);
        Assert.All(Loaded.Diagnostics, d => Assert.Equal("policies.yaml", d.Source));
    }

    [Fact]
    public void The_good_policies_still_load()
    {
        Assert.Equal(["runtime-fail", "runtime-ignore"], Loaded.Set.Policies.Select(p => p.Name));
        Assert.Empty(Loaded.Set.Checks);
    }

    [Fact]
    public void A_missing_path_is_an_error_not_an_exception()
    {
        var (_, diagnostics) = PolicyLoader.Load(["no-such-dir"], Dir, _ => false);
        Assert.Contains(diagnostics, d => d.Source == "no-such-dir" && d.Level == DiagnosticLevel.Error);
    }
}
