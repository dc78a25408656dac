using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;

namespace Palisade.Cli.Commands;

/// <summary>
/// What every scan command does around its scanner, in one place: options checked before any work (format, gate,
/// suppressions, severities), the scan timed, suppressions and filters applied, the report written where the user
/// asked and the result turned into the exit code.
/// </summary>
public sealed class ScanRun(ReportingOptions reporting, CliEnvironment env)
{
    public async Task<int> RunAsync(ParseResult parsed, string kind, IReadOnlyList<string> targets,
        Func<IScanProgress, CancellationToken, Task<ScanOutput>> scan, CancellationToken cancellationToken)
    {
        var writer = reporting.Writer(parsed);
        _ = reporting.Gate(parsed);
        var suppressions = Suppressions.Load(parsed, reporting, env);
        var severities = reporting.Severities(parsed);
        var quiet = parsed.GetValue(reporting.Quiet);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var output = await scan(new ConsoleProgress(env.Error, quiet), cancellationToken).ConfigureAwait(false);
        var result = ResultAssembler.Assemble(new ScanInfo(kind, output.Targets ?? targets, started, env.Clock.GetElapsedTime(startTimestamp)),
            output.Findings, output.Suppressed, output.Diagnostics, suppressions, severities) with { Inventory = output.Inventory };
        // The table lists notes itself; other formats (and files) get them on standard error.
        var tableOnScreen = writer.Format == "table" && parsed.GetValue(reporting.Output) is null;
        if (!quiet && !tableOnScreen)
        {
            foreach (var notice in result.Diagnostics.Where(d => d.Level == DiagnosticLevel.Notice))
            {
                await env.Error.WriteLineAsync($"warning: {notice}").ConfigureAwait(false);
            }
        }
        return await ReportOutput.FinishAsync(result, parsed, reporting, env, cancellationToken).ConfigureAwait(false);
    }
}
