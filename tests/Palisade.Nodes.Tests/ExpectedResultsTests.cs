using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Nodes.Tests;

/// <summary>Each fixture's expected.yaml lists controls and the status they must get under a benchmark version.</summary>
public sealed class ExpectedResultsTests
{
    public static TheoryData<string> Fixtures() =>
        [.. Directory.EnumerateDirectories(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nodes"))
            .Where(d => File.Exists(Path.Combine(d, "expected.yaml"))).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Controls_get_the_expected_status(string fixture)
    {
        var expected = (YamlMapping)new YamlTreeReader(DocumentLimits.Default)
            .Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "nodes", fixture, "expected.yaml"))).Documents[0].Root;
        foreach (var version in expected.Entries)
        {
            var result = NodeAuditTests.Audit(fixture, "auto", VersionOf(version.Key.Value));
            Assert.Equal(version.Key.Value, result.Benchmark);
            var byControl = result.Findings.ToDictionary(f => f.Check.Reference(Framework.Cis)!.Control);
            var wrong = ((YamlMapping)version.Value).Entries
                .Where(e => !string.Equals(byControl[e.Key.Value].Status.ToString(), ((YamlScalar)e.Value).Value, StringComparison.OrdinalIgnoreCase))
                .Select(e => $"{e.Key.Value}: expected {((YamlScalar)e.Value).Value}, got {byControl[e.Key.Value].Status} ({byControl[e.Key.Value].Message})")
                .ToList();
            Assert.True(wrong.Count == 0, $"{fixture} under {version.Key.Value}:\n" + string.Join("\n", wrong));
        }
    }

    /// <summary>The benchmark is chosen by "auto" from the fixture's own version when it has one, else from this.</summary>
    private static string? VersionOf(string benchmark) => benchmark switch
    {
        "cis-1.10" => "1.28",
        "cis-1.11" => "1.30",
        _ => "1.33",
    };
}
