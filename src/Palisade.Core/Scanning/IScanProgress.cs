namespace Palisade.Core.Scanning;

/// <summary>
/// How a scanner tells whoever runs it what it is doing or what it saw on the way: the CLI writes these lines to
/// standard error (unless --quiet), a server can stream them to its client.
/// </summary>
public interface IScanProgress
{
    void Report(ScanProgressUpdate update);
}

public enum ProgressKind
{
    /// <summary>A line worth showing a person: what was scanned, what was found on the way.</summary>
    Status,

    /// <summary>Something the user should act on that is not a finding (an old database, a skipped input).</summary>
    Warning,
}

public sealed record ScanProgressUpdate(string Message, ProgressKind Kind = ProgressKind.Status);

/// <summary>Progress that goes nowhere, for callers that do not show any.</summary>
public sealed class NoProgress : IScanProgress
{
    public static NoProgress Instance { get; } = new();

    public void Report(ScanProgressUpdate update)
    {
    }
}
