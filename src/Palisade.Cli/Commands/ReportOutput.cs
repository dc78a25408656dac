using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Reporting;

namespace Palisade.Cli.Commands;

/// <summary>Where the report goes (standard output or the <c>--output</c> file), how it is laid out, and the exit code it ends in.</summary>
public sealed class ReportOutput : IAsyncDisposable
{
    private readonly StreamWriter? _file;

    private ReportOutput(TextWriter writer, StreamWriter? file, ReportOptions options, bool onScreen)
    {
        Writer = writer;
        _file = file;
        Options = options;
        OnScreen = onScreen;
    }

    public TextWriter Writer { get; }

    public ReportOptions Options { get; }

    /// <summary>True when the report is written to standard output rather than a file.</summary>
    public bool OnScreen { get; }

    public static ReportOutput Open(IReportWriter writer, ParseResult parsed, ReportingOptions reporting, CliEnvironment env)
    {
        var outputPath = parsed.GetValue(reporting.Output);
        var color = writer.Format == "table" && outputPath is null && env.OutputIsTerminal && !parsed.GetValue(reporting.NoColor)
            && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        var options = new ReportOptions(ToolVersion.Current) { Color = color, ShowSuppressed = parsed.GetValue(reporting.ShowSuppressed), Width = color ? TerminalWidth() : 160 };
        if (outputPath is null)
        {
            return new ReportOutput(env.Out, null, options, onScreen: true);
        }
        var file = new StreamWriter(Path.GetFullPath(outputPath, env.WorkingDirectory));
        return new ReportOutput(file, file, options, onScreen: false);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => Writer.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _file?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>Findings at or above the threshold win; otherwise unreadable inputs give 3.</summary>
    public static int ExitCode(ScanSummary summary, (int Code, Severity Threshold)? gate)
    {
        if (gate is { } g && summary.ProblemsAtOrAbove(g.Threshold) > 0)
        {
            return g.Code;
        }
        return summary.Errors > 0 ? ExitCodes.InputsUnreadable : ExitCodes.Success;
    }

    /// <summary>The terminal's width, for tables on screen (160 when it cannot be told).</summary>
    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth is > 40 and var width ? width : 160;
        }
        catch (IOException)
        {
            return 160;
        }
    }
}
