using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>A mistyped command line gets a line or two and the nearest command, never a page of help.</summary>
public sealed class UsageTests
{
    [Theory]
    [InlineData("hunt", "did you mean 'palisade scan network'?")]
    [InlineData("kube-bench", "did you mean 'palisade scan node'?")]
    [InlineData("scan netwrk", "did you mean 'palisade scan network'?")]
    [InlineData("audit analyse", "did you mean 'palisade audit analyze'?")]
    [InlineData("scan", "needs a command, one of: manifests, node, image, sbom, cluster, network, audit-policy")]
    public async Task Unknown_or_missing_commands_are_one_line_with_a_suggestion(string line, string expected)
    {
        var run = await InProcessAsync(TempDirectory(), line.Split(' '));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 2, run.Error);
        Assert.Empty(run.Out);
    }
}
