using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Versioning;

/// <summary>A parsed Semantic Version 2.0.0: numbers, pre-release identifiers and build metadata.</summary>
public sealed partial record SemanticVersion(long Major, long Minor, long Patch, IReadOnlyList<string> Prerelease, IReadOnlyList<string> Build)
    : IComparable<SemanticVersion>
{
    // Larger numbers are not safely comparable by npm (JavaScript's Number.MAX_SAFE_INTEGER) nor by the ecosystem.
    private const long MaxSafeInteger = 9007199254740991;
    private const int MaxLength = 256;

    public bool IsPrerelease => Prerelease.Count > 0;

    /// <summary>Strict SemVer, or loose as npm allows (a leading v or =, spaces, a pre-release without its hyphen).</summary>
    public static SemanticVersion? TryParse(string text, bool loose = false)
    {
        if (text.Length > MaxLength)
        {
            return null;
        }
        var match = (loose ? Loose() : Strict()).Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }
        if (!TryNumber(match.Groups["major"].Value, out var major) || !TryNumber(match.Groups["minor"].Value, out var minor) || !TryNumber(match.Groups["patch"].Value, out var patch))
        {
            return null;
        }
        var prerelease = match.Groups["pre"].Success ? match.Groups["pre"].Value.Split('.') : [];
        var build = match.Groups["build"].Success ? match.Groups["build"].Value.Split('.') : [];
        return new SemanticVersion(major, minor, patch, prerelease, build);
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var byCore = Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Patch.CompareTo(other.Patch);
        return byCore != 0 ? byCore : ComparePrerelease(Prerelease, other.Prerelease);
    }

    /// <summary>A release sorts after its pre-releases; identifiers compare numerically when numeric, numbers first.</summary>
    private static int ComparePrerelease(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return b.Count.CompareTo(a.Count);
        }
        for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            var an = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x);
            var bn = long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
            var cmp = (an, bn) switch
            {
                (true, true) => x.CompareTo(y),
                (true, false) => -1,
                (false, true) => 1,
                _ => Math.Sign(string.CompareOrdinal(a[i], b[i])),
            };
            if (cmp != 0)
            {
                return cmp;
            }
        }
        return a.Count.CompareTo(b.Count);
    }

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= MaxSafeInteger;

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;
    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;
    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease.Count > 0 ? "-" + string.Join('.', Prerelease) : "")}{(Build.Count > 0 ? "+" + string.Join('.', Build) : "")}";

    [GeneratedRegex(@"^v?(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)(?:-(?<pre>(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+(?<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$")]
    private static partial Regex Strict();

    [GeneratedRegex(@"^[v=\s]*(?<major>\d+)\.(?<minor>\d+)\.(?<patch>\d+)(?:-?(?<pre>(?:\d+|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:\d+|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+(?<build>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$")]
    private static partial Regex Loose();
}

/// <summary>The semver scheme (npm and most language ecosystems): SemVer 2.0.0 precedence, build metadata ignored.</summary>
public sealed class SemverScheme : IVersionScheme
{
    public string Name => "semver";

    public bool IsValid(string version) => SemanticVersion.TryParse(version) is not null;

    public int Compare(string a, string b) =>
        (SemanticVersion.TryParse(a) ?? throw new FormatException($"not a semantic version: '{a}'"))
            .CompareTo(SemanticVersion.TryParse(b) ?? throw new FormatException($"not a semantic version: '{b}'"));

    public Comparison<string> Comparison() => new ParsedVersions<SemanticVersion>(v => SemanticVersion.TryParse(v), "a semantic version").Compare;
}
