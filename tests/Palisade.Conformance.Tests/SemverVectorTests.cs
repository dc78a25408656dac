using System.Text.Json;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Conformance.Tests;

/// <summary>SemVer 2.0.0 precedence and node-semver's version fixtures.</summary>
public sealed class SemverVectorTests
{
    private static JsonElement Fixtures() =>
        JsonDocument.Parse(File.ReadAllText(Corpus.Require("version-vectors/semver/node-semver-fixtures.json"))).RootElement;

    private static bool Loose(JsonElement row) =>
        row.GetArrayLength() > 2 && (row[2].ValueKind == JsonValueKind.True || (row[2].ValueKind == JsonValueKind.Object && row[2].TryGetProperty("loose", out var l) && l.ValueKind == JsonValueKind.True));

    [SkippableFact]
    public void The_specification_precedence_chains_hold()
    {
        var scheme = new SemverScheme();
        var checkedCount = 0;
        foreach (var line in File.ReadLines(Corpus.Require("version-vectors/semver/semver2-spec-vectors.txt")).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith('^')))
        {
            if (line.Contains(" == ", StringComparison.Ordinal))
            {
                var sides = line.Split(" == ");
                Assert.True(scheme.Compare(sides[0], sides[1]) == 0, line);
            }
            else
            {
                var chain = line.Split(" < ");
                for (var i = 1; i < chain.Length; i++)
                {
                    Assert.True(scheme.Compare(chain[i - 1], chain[i]) < 0, $"{chain[i - 1]} < {chain[i]}");
                }
            }
            checkedCount++;
        }
        Assert.True(checkedCount >= 6);
    }

    [SkippableFact]
    public void Comparisons_equality_and_validity_agree_with_node_semver()
    {
        var fixtures = Fixtures();
        var wrong = new List<string>();
        foreach (var row in fixtures.GetProperty("comparisons").EnumerateArray())
        {
            var (a, b) = (SemanticVersion.TryParse(row[0].GetString()!, Loose(row)), SemanticVersion.TryParse(row[1].GetString()!, Loose(row)));
            if (a is null || b is null || a.CompareTo(b) <= 0)
            {
                wrong.Add($"{row[0]} > {row[1]}");
            }
        }
        foreach (var row in fixtures.GetProperty("equality").EnumerateArray())
        {
            var (a, b) = (SemanticVersion.TryParse(row[0].GetString()!, Loose(row)), SemanticVersion.TryParse(row[1].GetString()!, Loose(row)));
            if (a is null || b is null || a.CompareTo(b) != 0)
            {
                wrong.Add($"{row[0]} == {row[1]}");
            }
        }
        foreach (var row in fixtures.GetProperty("valid-versions").EnumerateArray())
        {
            var v = SemanticVersion.TryParse(row[0].GetString()!);
            if (v is null || v.Major != row[1].GetInt64() || v.Minor != row[2].GetInt64() || v.Patch != row[3].GetInt64()
                || !v.Prerelease.SequenceEqual(row[4].EnumerateArray().Select(e => e.ToString())))
            {
                wrong.Add($"{row[0]} valid");
            }
        }
        foreach (var row in fixtures.GetProperty("invalid-versions").EnumerateArray())
        {
            if (row[0].ValueKind == JsonValueKind.String && SemanticVersion.TryParse(row[0].GetString()!, Loose(row)) is not null)
            {
                wrong.Add($"{row[0]} invalid ({row[1]})");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private static (bool Loose, bool IncludePrerelease) Options(JsonElement row)
    {
        if (row.GetArrayLength() < 3)
        {
            return (false, false);
        }
        var options = row[2];
        return options.ValueKind switch
        {
            JsonValueKind.True => (true, false),
            JsonValueKind.Object => (
                options.TryGetProperty("loose", out var l) && l.ValueKind == JsonValueKind.True,
                options.TryGetProperty("includePrerelease", out var p) && p.ValueKind == JsonValueKind.True),
            _ => (false, false),
        };
    }

    [SkippableFact]
    public void Ranges_include_and_exclude_as_node_semver()
    {
        var fixtures = Fixtures();
        var wrong = new List<string>();
        var count = 0;
        foreach (var (property, expected) in new[] { ("range-include", true), ("range-exclude", false) })
        {
            foreach (var row in fixtures.GetProperty(property).EnumerateArray())
            {
                count++;
                var (loose, pre) = Options(row);
                var range = row[0].ValueKind == JsonValueKind.String ? SemverRange.TryParse(row[0].GetString()!, loose, pre) : null;
                var version = row[1].ValueKind == JsonValueKind.String ? SemanticVersion.TryParse(row[1].GetString()!, loose) : null;
                var satisfied = range is not null && version is not null && range.IsSatisfiedBy(version);
                if (satisfied != expected)
                {
                    wrong.Add($"{property}: '{row[0]}' {row[1]} {(row.GetArrayLength() > 2 ? row[2].ToString() : "")}");
                }
            }
        }
        Assert.True(count >= 220);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {count} disagree:\n" + string.Join("\n", wrong));
    }
}
