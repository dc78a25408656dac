using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Reporting;

namespace Palisade.Cli.Commands;

/// <summary>
/// What every scan command does around its scanner, in one place: options checked before any work (format, gate,
/// suppressions, severities), the report opened and fed as the scan runs, suppressions and filters applied on the
/// way, and the result turned into the exit code.
/// </summary>
public sealed class ScanRun(ReportingOptions reporting, CliEnvironment env)
{
    /// <summary>Runs a scanner that returns its findings at the end.</summary>
    public Task<int> RunAsync(ParseResult parsed, string kind, IReadOnlyList<string> targets,
        Func<IScanProgress, CancellationToken, Task<ScanOutput>> scan, CancellationToken cancellationToken) =>
        RunAsync(parsed, kind, targets, (progress, _, token) => scan(progress, token), cancellationToken);

    /// <summary>Runs a scanner that hands its findings to the report as it goes.</summary>
    public async Task<int> RunAsync(ParseResult parsed, string kind, IReadOnlyList<string> targets,
        Func<IScanProgress, IFindingSink, CancellationToken, Task<ScanOutput>> scan, CancellationToken cancellationToken)
    {
        var writer = reporting.Writer(parsed);
        var gate = reporting.Gate(parsed);
        var suppressions = Suppressions.Load(parsed, reporting, env);
        var severities = reporting.Severities(parsed);
        var quiet = parsed.GetValue(reporting.Quiet);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();

        ScanSummary summary;
        IReadOnlyList<Diagnostic> diagnostics;
        var output = ReportOutput.Open(writer, parsed, reporting, env);
        await using (output.ConfigureAwait(false))
        {
            var session = new ReportSession(writer, output.Writer, output.Options, suppressions, severities);
            await using (session.ConfigureAwait(false))
            {
                var scanned = await scan(new ConsoleProgress(env.Error, quiet), session, cancellationToken).ConfigureAwait(false);
                var info = new ScanInfo(kind, scanned.Targets ?? targets, started, env.Clock.GetElapsedTime(startTimestamp));
                summary = await session.CompleteAsync(info, scanned, cancellationToken).ConfigureAwait(false);
                diagnostics = session.Diagnostics;
            }
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        // The table on screen lists notes and errors itself; other formats (and files) get them on standard error.
        if (!quiet && !(writer.Format == "table" && output.OnScreen))
        {
            foreach (var diagnostic in diagnostics)
            {
                var label = diagnostic.Level == DiagnosticLevel.Error ? "error" : "warning";
                await env.Error.WriteLineAsync($"{label}: {diagnostic}").ConfigureAwait(false);
            }
        }
        return ReportOutput.ExitCode(summary, gate);
    }
}
