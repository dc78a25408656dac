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
        var counter = new ScanSummaryCounter();
        foreach (var finding in result.Findings)
        {
            counter.Add(finding);
        }
        return counter.Summary(result.Suppressed.Count, result.Diagnostics);
    }

    /// <summary>Problems at <paramref name="threshold"/> or above, e.g. for a <c>--fail-on</c> gate.</summary>
    public int ProblemsAtOrAbove(Severity threshold) =>
        (threshold <= Severity.Info ? Info : 0) + (threshold <= Severity.Low ? Low : 0) + (threshold <= Severity.Medium ? Medium : 0)
        + (threshold <= Severity.High ? High : 0) + Critical;
}

/// <summary>Counts findings one at a time, so a report streamed finding by finding still ends with its summary.</summary>
public sealed class ScanSummaryCounter
{
    private readonly int[] _problems = new int[(int)Severity.Critical + 1];
    private int _passed;
    private int _warnings;
    private int _notes;

    public void Add(Finding finding)
    {
        if (finding.IsProblem)
        {
            _problems[(int)finding.Severity]++;
        }
        switch (finding.Status)
        {
            case FindingStatus.Pass:
                _passed++;
                break;
            case FindingStatus.Warn:
                _warnings++;
                break;
            case FindingStatus.Info:
                _notes++;
                break;
        }
    }

    public ScanSummary Summary(int suppressed, IEnumerable<Diagnostic> diagnostics) =>
        new(_problems[(int)Severity.Critical], _problems[(int)Severity.High], _problems[(int)Severity.Medium], _problems[(int)Severity.Low], _problems[(int)Severity.Info],
            _passed, suppressed, diagnostics.Count(d => d.Level == DiagnosticLevel.Error))
        {
            Warnings = _warnings,
            Notes = _notes,
        };
}
