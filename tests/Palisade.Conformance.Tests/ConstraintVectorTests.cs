using System.Text.Json;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Grype's version-in-range cases (grype-constraint-cases.json) for the schemes whose ordering is an ecosystem's own:
/// dpkg, rpm, apk and Maven. Grype's "semantic" and "fuzzy" cases encode its own lenient parser, not a standard.
/// </summary>
public sealed class ConstraintVectorTests
{
    private static JsonElement Cases() =>
        JsonDocument.Parse(File.ReadAllText(Corpus.Require("version-vectors/grype-constraint-cases.json"))).RootElement;

    [SkippableTheory]
    [InlineData("deb_version_test.go", "dpkg")]
    [InlineData("rpm_version_test.go", "rpm")]
    [InlineData("apk_version_test.go", "apk")]
    [InlineData("maven_version_test.go", "maven")]
    public void Version_in_range_agrees(string file, string scheme)
    {
        IVersionScheme versions = scheme switch
        {
            "dpkg" => new DpkgVersion(),
            "rpm" => new RpmVersion(),
            "apk" => new ApkVersion(),
            _ => new MavenVersion(),
        };
        var wrong = new List<string>();
        var count = 0;
        foreach (var c in Cases().GetProperty("cases_by_file").GetProperty(file).EnumerateArray())
        {
            count++;
            var version = c.GetProperty("version").GetString()!;
            var constraint = c.GetProperty("constraint").GetString()!;
            var expected = c.GetProperty("satisfied").GetBoolean();
            if (scheme == "rpm" && HasEpoch(version) != HasEpoch(constraint))
            {
                // Grype drops the epoch when only one side has one; rpm (our oracle, see the rpm EVR vectors) reads it as 0.
                continue;
            }
            bool actual;
            try
            {
                actual = versions.IsValid(version) && VersionConstraint.Parse(constraint, versions).IsSatisfiedBy(version);
            }
            catch (FormatException)
            {
                actual = false;
            }
            if (actual != expected)
            {
                wrong.Add($"{version} in '{constraint}': expected {expected}");
            }
        }
        Assert.True(count >= 30);
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {count} disagree:\n" + string.Join("\n", wrong));
    }

    private static bool HasEpoch(string text) => text.Contains(':', StringComparison.Ordinal);

    [SkippableFact]
    public void Rpm_and_dpkg_epoch_comparisons_agree()
    {
        var root = Cases();
        var rpm = new RpmVersion();
        var dpkg = new DpkgVersion();
        var wrong = new List<string>();
        foreach (var c in root.GetProperty("rpm_compare").EnumerateArray())
        {
            var (a, b) = (c.GetProperty("v1").GetString()!, c.GetProperty("v2").GetString()!);
            // Grype ignores the epoch when only one side has one; rpm itself treats a missing epoch as 0.
            if (a.Contains(':', StringComparison.Ordinal) != b.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }
            if (Math.Sign(rpm.Compare(a, b)) != c.GetProperty("result").GetInt32())
            {
                wrong.Add($"rpm {a} vs {b}");
            }
        }
        foreach (var c in root.GetProperty("deb_compare_epochs").EnumerateArray())
        {
            var (a, b) = (c.GetProperty("v1").GetString()!, c.GetProperty("v2").GetString()!);
            var expected = c.GetProperty("expect").GetString() switch { "greater" => 1, "less" => -1, _ => 0 };
            if (Math.Sign(dpkg.Compare(a, b)) != expected)
            {
                wrong.Add($"dpkg {a} vs {b}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
