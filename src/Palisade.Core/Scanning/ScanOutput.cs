using Palisade.Core.Findings;

namespace Palisade.Core.Scanning;

/// <summary>What a scanner found: findings, findings its own inline annotations suppressed, diagnostics, and what it inventoried.</summary>
public sealed record ScanOutput(IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics)
{
    public IReadOnlyList<SuppressedFinding> Suppressed { get; init; } = [];

    /// <summary>The packages or components seen, for scans that take an inventory (images); SBOM writers need it.</summary>
    public Inventory? Inventory { get; init; }

    /// <summary>What was scanned, when the scanner learns its name only while scanning (a cluster's context); else the request's.</summary>
    public IReadOnlyList<string>? Targets { get; init; }

    public static ScanOutput Failed(string source, string message) => new([], [new Diagnostic(source, null, message)]);
}
