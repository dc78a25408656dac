using Palisade.Core.Findings;

namespace Palisade.Core.Suppressions;

/// <summary>Splits findings into kept and suppressed; expired rules stop suppressing and are reported.</summary>
public sealed class SuppressionFilter
{
    private readonly IReadOnlyList<IgnoreRule> _active;

    public SuppressionFilter(IReadOnlyList<IgnoreRule> rules, DateOnly today)
    {
        _active = [.. rules.Where(r => !r.IsExpired(today))];
        Notices = [.. rules.Where(r => r.IsExpired(today))
            .Select(r => new Diagnostic(r.Source, null, $"ignore entry for '{r.Check}' expired on {r.Expires:yyyy-MM-dd} and no longer suppresses", DiagnosticLevel.Notice))];
    }

    /// <summary>One notice per expired rule.</summary>
    public IReadOnlyList<Diagnostic> Notices { get; }

    /// <summary>The finding as suppressed by the first rule that matches it, or null when none does.</summary>
    public SuppressedFinding? Suppress(Finding finding) =>
        _active.Count == 0 ? null
        : _active.FirstOrDefault(r => r.Matches(finding)) is { } rule ? new SuppressedFinding(finding, rule.Reason, rule.Source) : null;

    public (IReadOnlyList<Finding> Kept, IReadOnlyList<SuppressedFinding> Suppressed, IReadOnlyList<Diagnostic> Notices) Apply(IEnumerable<Finding> findings)
    {
        var kept = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        foreach (var finding in findings)
        {
            if (Suppress(finding) is { } s)
            {
                suppressed.Add(s);
            }
            else
            {
                kept.Add(finding);
            }
        }
        return (kept, suppressed, Notices);
    }
}
