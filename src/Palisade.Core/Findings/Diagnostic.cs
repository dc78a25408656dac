namespace Palisade.Core.Findings;

public enum DiagnosticLevel
{
    /// <summary>Something was skipped on purpose (an unknown kind); the scan is complete.</summary>
    Notice,

    /// <summary>An input could not be read; the scan is incomplete and the exit code says so.</summary>
    Error,
}

/// <summary>A problem with an input, named by where it is; never a stack trace.</summary>
public sealed record Diagnostic(string Source, int? Line, string Message, DiagnosticLevel Level = DiagnosticLevel.Error)
{
    public override string ToString() => Line is { } line ? $"{Source}:{line}: {Message}" : $"{Source}: {Message}";
}
