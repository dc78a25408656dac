using Palisade.Core.Findings;

namespace Palisade.Reporting;

/// <summary>Settings a writer may need beyond the result itself.</summary>
public sealed record ReportOptions(string ToolVersion)
{
    public bool Color { get; init; }
    public bool ShowSuppressed { get; init; }

    /// <summary>Width the table is laid out in: the terminal's on screen, 160 otherwise.</summary>
    public int Width { get; init; } = 160;

    /// <summary>The document's unique id, for formats that carry one (CycloneDX serialNumber, SPDX namespace).</summary>
    public Guid DocumentId { get; init; } = Guid.NewGuid();
}

/// <summary>Formats a scan result; one class per format.</summary>
public interface IReportWriter
{
    /// <summary>The value of <c>--format</c> that selects this writer.</summary>
    string Format { get; }

    /// <summary>True for SBOM formats, which only scans that take an inventory (images) can fill.</summary>
    bool NeedsInventory => false;

    Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a report that takes its findings batch by batch, or null when the format must see every finding before
    /// it writes the first (JUnit states its totals up front; SBOMs are built from the inventory).
    /// </summary>
    IReportStream? Open(TextWriter output, ReportOptions options) => null;
}

/// <summary>A report being written: findings in report order as they come, then what is known only at the end.</summary>
public interface IReportStream : IAsyncDisposable
{
    /// <summary>Writes findings; <paramref name="acrossInputs"/> marks those of checks over the whole scanned set, which come last.</summary>
    Task WriteAsync(IReadOnlyList<Finding> findings, bool acrossInputs, CancellationToken cancellationToken);

    Task CompleteAsync(ReportTail tail, CancellationToken cancellationToken);
}

/// <summary>What a report says after its findings: the scan's timing, suppressions, diagnostics and the counts.</summary>
public sealed record ReportTail(ScanInfo Scan, IReadOnlyList<SuppressedFinding> Suppressed, IReadOnlyList<Diagnostic> Diagnostics, ScanSummary Summary)
{
    public bool HasInputErrors => Summary.Errors > 0;

    public static ReportTail Of(ScanResult result) => new(result.Scan, result.Suppressed, result.Diagnostics, result.Summary);
}

/// <summary>A writer that streams: a whole result is written as one batch through the same code.</summary>
public abstract class StreamingReportWriter : IReportWriter
{
    public abstract string Format { get; }

    public abstract IReportStream Open(TextWriter output, ReportOptions options);

    public async Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        var stream = Open(output, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(result.Findings, acrossInputs: false, cancellationToken).ConfigureAwait(false);
            await stream.CompleteAsync(ReportTail.Of(result), cancellationToken).ConfigureAwait(false);
        }
    }
}
