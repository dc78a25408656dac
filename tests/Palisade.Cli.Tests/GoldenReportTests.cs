using System.Text.Json;
using Json.Schema;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// JSON and SARIF output of a real scan, pinned byte for byte. To accept a deliberate change, run the tests with
/// PALISADE_UPDATE_GOLDEN=1 and review the diff of Fixtures/golden.
/// </summary>
public sealed class GoldenReportTests
{
    [Theory]
    [InlineData("json", "report.json")]
    [InlineData("sarif", "report.sarif")]
    public async Task Report_matches_the_golden_file(string format, string golden)
    {
        var run = await InProcessAsync(Fixture(), "scan", "manifests", "scan", "--format", format, "--quiet");
        Assert.Equal(3, run.ExitCode);
        var actual = run.Out.Replace(ToolVersion.Current, "0.0.0-test", StringComparison.Ordinal).ReplaceLineEndings("\n");
        var goldenPath = Path.Combine(RepositoryPaths.Root, "tests", "Palisade.Cli.Tests", "Fixtures", "golden", golden);
        if (Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(goldenPath, actual);
        }
        Assert.Equal(await File.ReadAllTextAsync(goldenPath), actual);
    }

    [Fact]
    public async Task Json_report_is_valid_against_the_documented_schema()
    {
        var run = await InProcessAsync(Fixture(), "scan", "manifests", "scan", "--format", "json", "--quiet");
        var schema = ReportSchema.Value;
        using var report = JsonDocument.Parse(run.Out);
        var result = schema.Evaluate(report.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.NotEmpty(report.RootElement.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Reports_do_not_depend_on_parallelism_or_run()
    {
        var first = await InProcessAsync(Fixture(), "scan", "manifests", "scan", "--format", "json", "--quiet");
        var second = await InProcessAsync(Fixture(), "scan", "manifests", "scan", "--format", "json", "--quiet");
        Assert.Equal(first.Out, second.Out);
    }
}
