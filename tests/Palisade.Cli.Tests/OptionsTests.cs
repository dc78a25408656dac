using System.Text.Json;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

public sealed class OptionsTests
{
    private static async Task<JsonDocument> JsonAsync(CliRun run) => JsonDocument.Parse(await Task.FromResult(run.Out));

    private static string CopyScanFixtures(string dir)
    {
        foreach (var file in new[] { "workloads.yaml", "rbac.yaml" })
        {
            File.Copy(Fixture("scan", file), Path.Combine(dir, file));
        }
        return dir;
    }

    [Fact]
    public async Task Severity_filter_keeps_only_the_listed_severities()
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "manifests", Fixture("scan", "workloads.yaml"), "-f", "json", "-s", "high,critical", "-q");
        using var doc = await JsonAsync(run);
        Assert.All(doc.RootElement.GetProperty("findings").EnumerateArray(), f => Assert.Contains(f.GetProperty("severity").GetString(), new[] { "high", "critical" }));
        Assert.NotEmpty(doc.RootElement.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Output_option_writes_the_report_to_a_file()
    {
        var dir = TempDirectory();
        var run = await InProcessAsync(dir, "scan", "manifests", Fixture("scan", "rbac.yaml"), "-f", "sarif", "-o", "out.sarif", "-q");
        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Out);
        Assert.Contains("\"version\": \"2.1.0\"", await File.ReadAllTextAsync(Path.Combine(dir, "out.sarif")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_file_found_upward_sets_defaults_and_flags_win()
    {
        var root = CopyScanFixtures(TempDirectory());
        var nested = Directory.CreateDirectory(Path.Combine(root, "team", "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, ".palisade.yaml"), "format: json\nquiet: true\nskip: [rbac.wildcard-verbs]\nfail-on: critical\n");
        var run = await InProcessAsync(nested, "scan", "manifests", Path.Combine(root, "rbac.yaml"));
        using var doc = await JsonAsync(run);
        var checks = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("check").GetString()).ToList();
        Assert.DoesNotContain("rbac.wildcard-verbs", checks);
        Assert.Contains("rbac.read-secrets", checks);
        Assert.Empty(run.Error);
        var table = await InProcessAsync(nested, "scan", "manifests", Path.Combine(root, "rbac.yaml"), "--format", "table");
        Assert.Contains("Findings:", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignore_file_suppresses_and_reports_expired_entries()
    {
        var dir = CopyScanFixtures(TempDirectory());
        await File.WriteAllTextAsync(Path.Combine(dir, ".palisadeignore.yaml"),
            "ignores:\n  - check: rbac.read-secrets\n    name: ops\n    reason: ops reads secrets by design\n  - check: rbac.wildcard-verbs\n    reason: was temporary\n    expires: 2026-01-31\n");
        var run = await InProcessAsync(dir, "scan", "manifests", "rbac.yaml", "-f", "json", "-q");
        using var doc = await JsonAsync(run);
        var root = doc.RootElement;
        Assert.Equal("ops reads secrets by design", root.GetProperty("suppressed")[0].GetProperty("reason").GetString());
        Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("check").GetString() == "rbac.wildcard-verbs");
        Assert.Contains(root.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("message").GetString()!.Contains("expired on 2026-01-31", StringComparison.Ordinal));
        Assert.Equal(1, root.GetProperty("summary").GetProperty("suppressed").GetInt32());
        Assert.Equal("rbac.yaml", root.GetProperty("findings")[0].GetProperty("target").GetProperty("file").GetString());
    }

    [Fact]
    public async Task A_broken_ignore_file_is_a_usage_error()
    {
        var dir = CopyScanFixtures(TempDirectory());
        await File.WriteAllTextAsync(Path.Combine(dir, ".palisadeignore.yaml"), "ignores:\n  - check: rbac.read-secrets\n");
        var run = await InProcessAsync(dir, "scan", "manifests", "rbac.yaml", "-q");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(".palisadeignore.yaml:2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_suppressed_lists_them_in_the_table()
    {
        var dir = CopyScanFixtures(TempDirectory());
        await File.WriteAllTextAsync(Path.Combine(dir, ".palisadeignore.yaml"), "ignores:\n  - check: rbac.read-secrets\n    reason: by design\n");
        var run = await InProcessAsync(dir, "scan", "manifests", "rbac.yaml", "--show-suppressed", "-q");
        Assert.Contains("by design", run.Out, StringComparison.Ordinal);
    }
}
