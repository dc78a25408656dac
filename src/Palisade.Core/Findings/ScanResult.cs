namespace Palisade.Core.Findings;

public sealed record ScanInfo(string Kind, IReadOnlyList<string> Targets, DateTimeOffset StartedAt, TimeSpan Duration);

/// <summary>A suppressed finding and the reason it was suppressed.</summary>
public sealed record SuppressedFinding(Finding Finding, string Reason, string Source);

public sealed record ScanResult(
    ScanInfo Scan,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<SuppressedFinding> Suppressed,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>What the scan inventoried (packages of an image), for the SBOM formats; null for scans that take none.</summary>
    public Scanning.Inventory? Inventory { get; init; }

    public bool HasInputErrors => Diagnostics.Any(d => d.Level == DiagnosticLevel.Error);

    public ScanSummary Summary => ScanSummary.Of(this);
}

public sealed record ScanSummary(int Critical, int High, int Medium, int Low, int Info, int Passed, int Suppressed, int Errors)
{
    /// <summary>Results that need a person to decide (manual controls, unreadable settings).</summary>
    public int Warnings { get; init; }

    /// <summary>Results reported for information only (e.g. a control that does not apply to this node).</summary>
    public int Notes { get; init; }

    public static ScanSummary Of(ScanResult result)
    {
        var problems = result.Findings.Where(f => f.IsProblem).ToList();
        int Count(Severity s) => problems.Count(f => f.Severity == s);
        return new ScanSummary(
            Count(Severity.Critical), Count(Severity.High), Count(Severity.Medium), Count(Severity.Low), Count(Severity.Info),
            result.Findings.Count(f => f.Status == FindingStatus.Pass),
            result.Suppressed.Count,
            result.Diagnostics.Count(d => d.Level == DiagnosticLevel.Error))
        {
            Warnings = result.Findings.Count(f => f.Status == FindingStatus.Warn),
            Notes = result.Findings.Count(f => f.Status == FindingStatus.Info),
        };
    }
}
