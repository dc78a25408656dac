using Palisade.Core.Findings;

namespace Palisade.Core.Suppressions;

/// <summary>Splits findings into kept and suppressed; expired rules stop suppressing and are reported.</summary>
public sealed class SuppressionFilter(IReadOnlyList<IgnoreRule> rules, DateOnly today)
{
    public (IReadOnlyList<Finding> Kept, IReadOnlyList<SuppressedFinding> Suppressed, IReadOnlyList<Diagnostic> Notices) Apply(IEnumerable<Finding> findings)
    {
        var active = rules.Where(r => !r.IsExpired(today)).ToList();
        var notices = rules.Where(r => r.IsExpired(today))
            .Select(r => new Diagnostic(r.Source, null, $"ignore entry for '{r.Check}' expired on {r.Expires:yyyy-MM-dd} and no longer suppresses", DiagnosticLevel.Notice))
            .ToList();
        var kept = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        foreach (var finding in findings)
        {
            var rule = active.FirstOrDefault(r => r.Matches(finding));
            if (rule is null)
            {
                kept.Add(finding);
            }
            else
            {
                suppressed.Add(new SuppressedFinding(finding, rule.Reason, rule.Source));
            }
        }
        return (kept, suppressed, notices);
    }
}
