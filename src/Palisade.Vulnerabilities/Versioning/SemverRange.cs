using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// npm-style semver ranges: comparators (&lt; &lt;= &gt; &gt;= =), hyphen ranges, X-ranges, ~ and ^, spaces for
/// AND and || for OR, with npm's rule that a pre-release only matches a comparator on the same major.minor.patch.
/// </summary>
public sealed partial class SemverRange
{
    private readonly IReadOnlyList<IReadOnlyList<Comparator>> _sets;
    private readonly bool _includePrerelease;

    private SemverRange(IReadOnlyList<IReadOnlyList<Comparator>> sets, bool includePrerelease)
    {
        _sets = sets;
        _includePrerelease = includePrerelease;
    }

    private sealed record Comparator(string Op, SemanticVersion? Version)
    {
        public bool Test(SemanticVersion v) => Version is null || Op switch
        {
            "<" => v < Version,
            "<=" => v <= Version,
            ">" => v > Version,
            ">=" => v >= Version,
            _ => v.CompareTo(Version) == 0,
        };
    }

    public static SemverRange? TryParse(string range, bool loose = false, bool includePrerelease = false)
    {
        var sets = new List<IReadOnlyList<Comparator>>();
        foreach (var part in range.Split("||"))
        {
            if (ParseSet(part.Trim(), loose, includePrerelease) is not { } set)
            {
                return null;
            }
            sets.Add(set);
        }
        return new SemverRange(sets, includePrerelease);
    }

    public bool IsSatisfiedBy(SemanticVersion version) => _sets.Any(set => Test(set, version));

    private bool Test(IReadOnlyList<Comparator> set, SemanticVersion version)
    {
        if (!set.All(c => c.Test(version)))
        {
            return false;
        }
        if (!version.IsPrerelease || _includePrerelease)
        {
            return true;
        }
        return set.Any(c => c.Version is { IsPrerelease: true } allowed
            && allowed.Major == version.Major && allowed.Minor == version.Minor && allowed.Patch == version.Patch);
    }

    private static List<Comparator>? ParseSet(string text, bool loose, bool pre)
    {
        var hyphen = Hyphen().Match(text);
        if (hyphen.Success)
        {
            var from = Partial(hyphen.Groups[1].Value, loose);
            var to = Partial(hyphen.Groups[2].Value, loose);
            if (from is null || to is null)
            {
                return null;
            }
            var result = new List<Comparator>();
            if (from.Major is not null)
            {
                result.Add(new Comparator(">=", from.Lower(pre)));
            }
            if (to.Major is not null)
            {
                result.Add(to.Patch is not null ? new Comparator("<=", to.Exact()) : new Comparator("<", to.NextUp()));
            }
            return result.Count == 0 ? [new Comparator("", null)] : result;
        }
        // "> = 1.2.3" and ">= 1.2.3" are written ">=1.2.3"; then comparators are separated by spaces.
        var normalised = OperatorSpace().Replace(text, "$1");
        var comparators = new List<Comparator>();
        foreach (var token in normalised.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Desugar(token, loose, pre) is not { } expanded)
            {
                return null;
            }
            comparators.AddRange(expanded);
        }
        return comparators.Count == 0 ? [new Comparator("", null)] : comparators;
    }

    private static IEnumerable<Comparator>? Desugar(string token, bool loose, bool pre)
    {
        var op = OperatorPrefix().Match(token).Value;
        var rest = token[op.Length..];
        if (Partial(rest, loose) is not { } p)
        {
            return null;
        }
        switch (op)
        {
            case "^":
                if (p.Major is null)
                {
                    return [new Comparator("", null)];
                }
                var upper = p.Major != 0 || p.Minor is null ? p.Bump(0)
                    : p.Minor != 0 || p.Patch is null ? p.Bump(1)
                    : p.Bump(2);
                return [new Comparator(">=", p.Lower(pre)), new Comparator("<", upper)];
            case "~" or "~>":
                if (p.Major is null)
                {
                    return [new Comparator("", null)];
                }
                return [new Comparator(">=", p.Lower(pre)), new Comparator("<", p.Minor is null ? p.Bump(0) : p.Bump(1))];
        }
        if (p.Major is null)
        {
            // "*", "x" or "": anything, except with < or > where nothing can be.
            return op is "<" or ">" ? [new Comparator("<", new SemanticVersion(0, 0, 0, ["0"], []))] : [new Comparator("", null)];
        }
        if (p.Patch is not null)
        {
            return [new Comparator(op is "" or "=" ? "=" : op, p.Exact())];
        }
        return op switch
        {
            ">" => [new Comparator(">=", p.NextUp() with { Prerelease = pre ? ["0"] : [] })],
            ">=" => [new Comparator(">=", p.Lower(pre))],
            "<" => [new Comparator("<", p.Lower(true))],
            "<=" => [new Comparator("<", p.NextUp())],
            _ => [new Comparator(">=", p.Lower(pre)), new Comparator("<", p.NextUp())],
        };
    }

    /// <summary>A possibly partial version: 1, 1.2, 1.2.x, 1.2.3-pre.</summary>
    private sealed record PartialVersion(long? Major, long? Minor, long? Patch, string[] Prerelease)
    {
        public SemanticVersion Exact() => new(Major ?? 0, Minor ?? 0, Patch ?? 0, Prerelease, []);

        /// <summary>The lowest version covered; with pre-releases included, a partial starts at its first pre-release.</summary>
        public SemanticVersion Lower(bool includePrerelease) =>
            new(Major ?? 0, Minor ?? 0, Patch ?? 0, Prerelease.Length > 0 ? Prerelease : includePrerelease && Patch is null ? ["0"] : [], []);

        /// <summary>The lowest version above everything this partial covers: 1.2 → 1.3.0-0, 1 → 2.0.0-0.</summary>
        public SemanticVersion NextUp() => Minor is null ? Bump(0) : Bump(1);

        public SemanticVersion Bump(int position) => position switch
        {
            0 => new SemanticVersion((Major ?? 0) + 1, 0, 0, ["0"], []),
            1 => new SemanticVersion(Major ?? 0, (Minor ?? 0) + 1, 0, ["0"], []),
            _ => new SemanticVersion(Major ?? 0, Minor ?? 0, (Patch ?? 0) + 1, ["0"], []),
        };
    }

    private static PartialVersion? Partial(string text, bool loose)
    {
        var match = (loose ? LoosePartial() : StrictPartial()).Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }
        static long? Number(Group g) =>
            !g.Success || g.Value is "x" or "X" or "*" ? null : long.Parse(g.Value, CultureInfo.InvariantCulture);
        var major = Number(match.Groups["major"]);
        var minor = major is null ? null : Number(match.Groups["minor"]);
        var patch = minor is null ? null : Number(match.Groups["patch"]);
        var prerelease = patch is not null && match.Groups["pre"].Success ? match.Groups["pre"].Value.Split('.') : [];
        return new PartialVersion(major, minor, patch, prerelease);
    }

    [GeneratedRegex(@"^\s*(\S+)\s+-\s+(\S+)\s*$")]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"(~>|~|\^|[<>]=?|=)\s+")]
    private static partial Regex OperatorSpace();

    [GeneratedRegex(@"^(~>|~|\^|[<>]=?|=)?")]
    private static partial Regex OperatorPrefix();

    [GeneratedRegex(@"^v?(?:(?<major>0|[1-9]\d*|x|X|\*)(?:\.(?<minor>0|[1-9]\d*|x|X|\*)(?:\.(?<patch>0|[1-9]\d*|x|X|\*)(?:-(?<pre>(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?)?$")]
    private static partial Regex StrictPartial();

    [GeneratedRegex(@"^[v=\s]*(?:(?<major>\d+|x|X|\*)(?:\.(?<minor>\d+|x|X|\*)(?:\.(?<patch>\d+|x|X|\*)(?:-?(?<pre>(?:\d+|\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\.(?:\d+|\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?)?$")]
    private static partial Regex LoosePartial();
}
