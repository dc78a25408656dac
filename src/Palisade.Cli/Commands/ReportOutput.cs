using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Reporting;

namespace Palisade.Cli.Commands;

/// <summary>Writes the report where the user asked, then turns the result into the exit code.</summary>
public static class ReportOutput
{
    public static async Task<int> FinishAsync(ScanResult result, ParseResult parsed, ReportingOptions reporting, CliEnvironment env, CancellationToken cancellationToken)
    {
        var writer = reporting.Writer(parsed);
        var outputPath = parsed.GetValue(reporting.Output);
        var color = writer.Format == "table" && outputPath is null && env.OutputIsTerminal && !parsed.GetValue(reporting.NoColor)
            && Environment.GetEnvironmentVariable("NO_COLOR") is null;
        var options = new ReportOptions(ToolVersion.Current) { Color = color, ShowSuppressed = parsed.GetValue(reporting.ShowSuppressed), Width = color ? TerminalWidth() : 160 };
        if (outputPath is null)
        {
            await writer.WriteAsync(result, env.Out, options, cancellationToken).ConfigureAwait(false);
            await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var stream = new StreamWriter(Path.GetFullPath(outputPath, env.WorkingDirectory));
            await using (stream.ConfigureAwait(false))
            {
                await writer.WriteAsync(result, stream, options, cancellationToken).ConfigureAwait(false);
            }
        }
        var quiet = parsed.GetValue(reporting.Quiet);
        if (!quiet && (writer.Format != "table" || outputPath is not null))
        {
            foreach (var diagnostic in result.Diagnostics.Where(d => d.Level == DiagnosticLevel.Error))
            {
                await env.Error.WriteLineAsync($"error: {diagnostic}").ConfigureAwait(false);
            }
        }
        return ExitCode(result, reporting.Gate(parsed));
    }

    /// <summary>Findings at or above the threshold win; otherwise unreadable inputs give 3.</summary>
    public static int ExitCode(ScanResult result, (int Code, Severity Threshold)? gate)
    {
        if (gate is { } g && result.Findings.Any(f => f.IsProblem && f.Severity >= g.Threshold))
        {
            return g.Code;
        }
        return result.HasInputErrors ? ExitCodes.InputsUnreadable : ExitCodes.Success;
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
