using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Core.Suppressions;

namespace Palisade.Reporting;

/// <summary>
/// The report of one scan as the scan runs: each batch of findings passes the ignore file and the severity filter,
/// is counted, and goes straight to a streaming writer, or is kept for one that needs the whole result. The last
/// shared stage of every scan, whoever runs it.
/// </summary>
public sealed class ReportSession(IReportWriter writer, TextWriter output, ReportOptions options, SuppressionFilter suppressions, IReadOnlySet<Severity>? severities)
    : IFindingSink, IAsyncDisposable
{
    private readonly IReportStream? _stream = writer.Open(output, options);
    private readonly List<Finding> _kept = [];
    private readonly List<SuppressedFinding> _suppressed = [];
    private readonly ScanSummaryCounter _counter = new();

    public async ValueTask AcceptAsync(FindingBatch batch, CancellationToken cancellationToken)
    {
        var shown = new List<Finding>(batch.Findings.Count);
        foreach (var finding in batch.Findings)
        {
            if (suppressions.Suppress(finding) is { } suppressed)
            {
                _suppressed.Add(suppressed);
            }
            else if (severities is not { Count: > 0 } || severities.Contains(finding.Severity))
            {
                _counter.Add(finding);
                shown.Add(finding);
            }
        }
        _suppressed.AddRange(batch.Suppressed);
        if (_stream is null)
        {
            _kept.AddRange(shown);
        }
        else if (shown.Count > 0)
        {
            await _stream.WriteAsync(shown, batch.AcrossInputs, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the end of the report (or the whole of it, for a format that waited) and returns its summary.</summary>
    public async Task<ScanSummary> CompleteAsync(ScanInfo scan, ScanOutput scanned, CancellationToken cancellationToken)
    {
        if (scanned.Findings.Count + scanned.Suppressed.Count > 0)
        {
            // A scanner that returns its findings rather than streaming them: one batch, after any streamed.
            await AcceptAsync(new FindingBatch(scanned.Findings, scanned.Suppressed), cancellationToken).ConfigureAwait(false);
        }
        _suppressed.Sort((a, b) => FindingOrder.Instance.Compare(a.Finding, b.Finding));
        Diagnostics = [.. scanned.Diagnostics.Concat(suppressions.Notices)];
        var summary = _counter.Summary(_suppressed.Count, Diagnostics);
        if (_stream is null)
        {
            var result = new ScanResult(scan, _kept, _suppressed, Diagnostics) { Inventory = scanned.Inventory };
            await writer.WriteAsync(result, output, options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _stream.CompleteAsync(new ReportTail(scan, _suppressed, Diagnostics, summary), cancellationToken).ConfigureAwait(false);
        }
        return summary;
    }

    /// <summary>The diagnostics the report ended with (the scan's and the ignore file's), once complete.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; private set; } = [];

    public ValueTask DisposeAsync() => _stream?.DisposeAsync() ?? ValueTask.CompletedTask;
}
