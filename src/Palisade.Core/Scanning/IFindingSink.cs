using Palisade.Core.Findings;

namespace Palisade.Core.Scanning;

/// <summary>
/// Where a streaming scan hands its findings as it goes, one input at a time and in a stable order, so neither the
/// scanner nor the report has to hold every finding at once.
/// </summary>
public interface IFindingSink
{
    ValueTask AcceptAsync(FindingBatch batch, CancellationToken cancellationToken);
}

/// <summary>
/// The findings of one input (or, with <see cref="AcrossInputs"/>, of the checks that needed the whole scanned set),
/// already in report order, and the ones the input's own annotations suppressed.
/// </summary>
public sealed record FindingBatch(IReadOnlyList<Finding> Findings, IReadOnlyList<SuppressedFinding> Suppressed)
{
    public bool AcrossInputs { get; init; }
}

/// <summary>A scanner that can hand its findings to a sink as it goes instead of returning them.</summary>
public interface IStreamingScanner<in TRequest> : IScanner<TRequest>
{
    /// <summary>Scans, handing every finding to <paramref name="sink"/>; the output returned carries no findings.</summary>
    Task<ScanOutput> ScanAsync(TRequest request, IScanProgress progress, IFindingSink sink, CancellationToken cancellationToken);
}

/// <summary>A sink that keeps everything, for callers that want the whole result in memory (tests, small scans).</summary>
public sealed class CollectingSink : IFindingSink
{
    private readonly List<Finding> _findings = [];
    private readonly List<SuppressedFinding> _suppressed = [];

    public IReadOnlyList<Finding> Findings => _findings;

    public IReadOnlyList<SuppressedFinding> Suppressed => _suppressed;

    public ValueTask AcceptAsync(FindingBatch batch, CancellationToken cancellationToken)
    {
        _findings.AddRange(batch.Findings);
        _suppressed.AddRange(batch.Suppressed);
        return ValueTask.CompletedTask;
    }

    /// <summary>The output of a scan whose findings this sink collected.</summary>
    public ScanOutput Into(ScanOutput output) => output with { Findings = _findings, Suppressed = _suppressed };
}
