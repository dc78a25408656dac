using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>Exit codes through the real executable, as CI systems see them.</summary>
public sealed class ExitCodeTests
{
    private static string Examples(string name) => Repo("examples", name);

    [Fact]
    public async Task Hardened_example_has_no_findings_and_exits_0()
    {
        var run = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Examples("hardened"), "--no-color", "--fail-on", "info");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 critical, 0 high, 0 medium, 0 low, 0 info", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Findings_do_not_fail_the_run_unless_asked()
    {
        var run = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Examples("insecure"), "--no-color");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pod.privileged", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_code_applies_at_or_above_fail_on()
    {
        var critical = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Examples("insecure"), "--exit-code", "5", "--fail-on", "critical", "-q");
        Assert.Equal(5, critical.ExitCode);
        var onlyHigh = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Fixture("scan", "rbac.yaml"), "--exit-code", "5", "--fail-on", "critical", "-q");
        Assert.Equal(0, onlyHigh.ExitCode);
        var failOnAlone = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Fixture("scan", "rbac.yaml"), "--fail-on", "high", "-q");
        Assert.Equal(1, failOnAlone.ExitCode);
    }

    [Fact]
    public async Task Unreadable_input_exits_3_and_names_it_on_stderr()
    {
        var run = await ProcessAsync(TempDirectory(), null, "scan", "manifests", Fixture("scan"), "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("broken.yaml:5", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scan", "manifests", "x.yaml", "--format", "xml")]
    [InlineData("scan", "manifests", "x.yaml", "--severity", "urgent")]
    [InlineData("scan", "manifests", "x.yaml", "--check", "no.such-check")]
    [InlineData("scan", "manifests", "x.yaml", "--pss-version", "2.0")]
    [InlineData("scan", "manifests", "x.yaml", "--no-such-flag")]
    [InlineData("scan", "manifests")]
    [InlineData("checks", "show", "no.such-check")]
    public async Task Usage_errors_exit_2_with_one_line_and_no_stack_trace(params string[] args)
    {
        var run = await ProcessAsync(TempDirectory(), null, args);
        Assert.Equal(2, run.ExitCode);
        Assert.NotEmpty(run.Error.Trim());
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Standard_input_is_scanned()
    {
        var run = await ProcessAsync(TempDirectory(), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: a, image: a:1}]\n",
            "scan", "manifests", "-", "--format", "json", "--fail-on", "high", "-q");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("\"file\": \"<stdin>\"", run.Out, StringComparison.Ordinal);
    }
}
