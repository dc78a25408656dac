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

    public static Verdict Evaluate(IVersionScheme scheme, string version, AffectedPackage affected)
    {
        if (affected.Versions.Contains(version, StringComparer.Ordinal))
        {
            return new Verdict(true, NextFix(scheme, version, affected));
        }
        foreach (var range in affected.Ranges.Where(r => r.Type != RangeType.Git))
        {
            if (InRange(scheme, version, range))
            {
                return new Verdict(true, NextFix(scheme, version, affected));
            }
        }
        return new Verdict(false, null);
    }

    private static bool InRange(IVersionScheme scheme, string version, VersionRange range)
    {
        var vulnerable = false;
        foreach (var e in Sorted(scheme, range.Events))
        {
            switch (e.Kind)
            {
                case RangeEventKind.Introduced when e.Version == "0" || scheme.Compare(version, e.Version) >= 0:
                    vulnerable = true;
                    break;
                case RangeEventKind.Fixed when scheme.Compare(version, e.Version) >= 0:
                    vulnerable = false;
                    break;
                case RangeEventKind.LastAffected when scheme.Compare(version, e.Version) > 0:
                    vulnerable = false;
                    break;
                default:
                    break;
            }
        }
        return vulnerable;
    }

    private static IEnumerable<RangeEvent> Sorted(IVersionScheme scheme, IReadOnlyList<RangeEvent> events) =>
        events.Where(e => e.Kind != RangeEventKind.Limit).Order(Comparer<RangeEvent>.Create((a, b) =>
            (a.Version == "0" && a.Kind == RangeEventKind.Introduced, b.Version == "0" && b.Kind == RangeEventKind.Introduced) switch
            {
                (true, true) => 0,
                (true, false) => -1,
                (false, true) => 1,
                _ => scheme.Compare(a.Version, b.Version),
            }));

    /// <summary>The lowest fixed version above the installed one, which is what a user upgrades to.</summary>
    private static string? NextFix(IVersionScheme scheme, string version, AffectedPackage affected) =>
        affected.Ranges.Where(r => r.Type != RangeType.Git).SelectMany(r => r.Events)
            .Where(e => e.Kind == RangeEventKind.Fixed && scheme.Compare(e.Version, version) > 0)
            .Select(e => e.Version).Order(Comparer<string>.Create(scheme.Compare)).FirstOrDefault();
}
