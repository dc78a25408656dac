using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Vulnerabilities.Matching;

/// <summary>
/// OSV's range semantics: events sorted by version ("introduced: 0" is the beginning of time), a version is affected
/// after an introduced event until a fixed event at or below it or a last_affected event below it.
/// </summary>
public static class RangeEvaluator
{
    public sealed record Verdict(bool Affected, string? FixedVersion);

    public static Verdict Evaluate(IVersionScheme scheme, string version, AffectedPackage affected) => Evaluate(scheme.Compare, version, affected);

    public static Verdict Evaluate(Comparison<string> compare, string version, AffectedPackage affected)
    {
        if (affected.Versions.Contains(version, StringComparer.Ordinal))
        {
            return new Verdict(true, NextFix(compare, version, affected));
        }
        foreach (var range in affected.Ranges.Where(r => r.Type != RangeType.Git))
        {
            if (InRange(compare, version, range))
            {
                return new Verdict(true, NextFix(compare, version, affected));
            }
        }
        return new Verdict(false, null);
    }

    private static bool InRange(Comparison<string> compare, string version, VersionRange range)
    {
        var vulnerable = false;
        foreach (var e in Sorted(compare, range.Events))
        {
            switch (e.Kind)
            {
                case RangeEventKind.Introduced when e.Version == "0" || compare(version, e.Version) >= 0:
                    vulnerable = true;
                    break;
                case RangeEventKind.Fixed when compare(version, e.Version) >= 0:
                    vulnerable = false;
                    break;
                case RangeEventKind.LastAffected when compare(version, e.Version) > 0:
                    vulnerable = false;
                    break;
                default:
                    break;
            }
        }
        return vulnerable;
    }

    private static IEnumerable<RangeEvent> Sorted(Comparison<string> compare, IReadOnlyList<RangeEvent> events) =>
        events.Where(e => e.Kind != RangeEventKind.Limit).Order(Comparer<RangeEvent>.Create((a, b) =>
            (a.Version == "0" && a.Kind == RangeEventKind.Introduced, b.Version == "0" && b.Kind == RangeEventKind.Introduced) switch
            {
                (true, true) => 0,
                (true, false) => -1,
                (false, true) => 1,
                _ => compare(a.Version, b.Version),
            }));

    /// <summary>The lowest fixed version above the installed one, which is what a user upgrades to.</summary>
    private static string? NextFix(Comparison<string> compare, string version, AffectedPackage affected) =>
        affected.Ranges.Where(r => r.Type != RangeType.Git).SelectMany(r => r.Events)
            .Where(e => e.Kind == RangeEventKind.Fixed && compare(e.Version, version) > 0)
            .Select(e => e.Version).Order(Comparer<string>.Create(compare)).FirstOrDefault();
}
