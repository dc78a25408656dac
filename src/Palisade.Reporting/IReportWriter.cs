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
}
