namespace Palisade.Cli;

/// <summary>A mistake in how Palisade was called; reported as one line and exit code 2, never as a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
