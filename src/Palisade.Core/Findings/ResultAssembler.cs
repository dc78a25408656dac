using Palisade.Core.Suppressions;

namespace Palisade.Core.Findings;

/// <summary>The last shared stage of every scanner: ignore-file suppressions and the severity filter.</summary>
public static class ResultAssembler
{
    public static ScanResult Assemble(
        ScanInfo scan,
        IEnumerable<Finding> findings,
        IEnumerable<SuppressedFinding> alreadySuppressed,
        IEnumerable<Diagnostic> diagnostics,
        SuppressionFilter suppressions,
        IReadOnlySet<Severity>? severities)
    {
        var (kept, suppressed, notices) = suppressions.Apply(findings);
        var shown = severities is { Count: > 0 } ? kept.Where(f => severities.Contains(f.Severity)).ToList() : kept;
        return new ScanResult(
            scan,
            shown,
            [.. alreadySuppressed.Concat(suppressed).OrderBy(s => s.Finding, FindingOrder.Instance)],
            [.. diagnostics.Concat(notices)]);
    }
}
