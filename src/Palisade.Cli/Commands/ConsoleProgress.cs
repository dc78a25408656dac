using Palisade.Core.Scanning;

namespace Palisade.Cli.Commands;

/// <summary>Scan progress as lines on standard error; nothing at all with --quiet.</summary>
public sealed class ConsoleProgress(TextWriter error, bool quiet) : IScanProgress
{
    private readonly Lock _gate = new();

    public void Report(ScanProgressUpdate update)
    {
        if (quiet)
        {
            return;
        }
        lock (_gate)
        {
            error.WriteLine(update.Kind == ProgressKind.Warning ? $"warning: {update.Message}" : update.Message);
        }
    }
}
