using System.CommandLine;
using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;
using Palisade.Core.Findings;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade audit analyze FILE|DIR|-</c>: attacker behaviour in Kubernetes audit logs, by ATT&amp;CK-tagged rules.</summary>
public sealed class AuditCommand
{
    private readonly Argument<string[]> _paths = new("path") { Description = "Audit log files (JSON lines, .gz), directories of rotated logs, or - for standard input", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string[]> _rules = new("--rules") { Description = "Extra rule files in Palisade's rule format (added to the shipped rules)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _trusted = new("--trusted-registry") { Description = "Image prefixes that count as trusted (replaces the default list)", AllowMultipleArgumentsPerToken = true };
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var audit = new Command("audit", "Kubernetes audit logs");
        var analyze = new Command("analyze", "Detect attacker behaviour in audit logs (every finding tagged with MITRE ATT&CK)");
        analyze.Arguments.Add(_paths);
        analyze.Options.Add(_rules);
        analyze.Options.Add(_trusted);
        _reporting.AddTo(analyze);
        analyze.SetAction((parsed, token) => AnalyzeAsync(parsed, env, token));
        audit.Subcommands.Add(analyze);
        return audit;
    }

    private async Task<int> AnalyzeAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        _reporting.Validate(parsed);
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _ = _reporting.Gate(parsed);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var rules = new List<DetectionRule>(RuleLoader.Shipped());
        var diagnostics = new List<Diagnostic>();
        foreach (var file in parsed.GetValue(_rules) ?? [])
        {
            var path = Path.GetFullPath(file, env.WorkingDirectory);
            var (loaded, errors) = RuleLoader.Load(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
            if (errors.Count > 0)
            {
                throw new UsageException(string.Join("; ", errors.Select(e => e.ToString())));
            }
            rules.AddRange(loaded);
        }
        try
        {
            RuleLoader.Check(rules);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
        var settings = parsed.GetValue(_trusted) is { Length: > 0 } trusted
            ? new RuleSettings(new Dictionary<string, IReadOnlyList<string>> { ["trusted-registries"] = trusted })
            : RuleSettings.Default;
        var analyzer = new AuditAnalyzer(rules, settings);
        var findings = new List<Finding>();
        var malformed = 0;
        void Malformed(MalformedInput input)
        {
            malformed++;
            if (malformed <= 100)
            {
                diagnostics.Add(new Diagnostic(input.Source, input.Line, input.Reason));
            }
        }
        var sources = parsed.GetValue(_paths)!;
        foreach (var source in sources)
        {
            if (source == "-")
            {
                foreach (var e in AuditEventReader.Read(env.OpenStandardInput(), "stdin", Malformed))
                {
                    findings.AddRange(analyzer.Analyze(e));
                }
                continue;
            }
            var full = Path.GetFullPath(source, env.WorkingDirectory);
            if (!Path.Exists(full))
            {
                diagnostics.Add(new Diagnostic(source, null, "no such file or directory"));
                continue;
            }
            foreach (var file in AuditEventReader.Files(full))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var stream = File.OpenRead(file);
                foreach (var e in AuditEventReader.Read(stream, file, Malformed))
                {
                    findings.AddRange(analyzer.Analyze(e));
                }
            }
        }
        if (malformed > 100)
        {
            diagnostics.Add(new Diagnostic("audit logs", null, $"{malformed:N0} malformed lines or batches in all (the first 100 are listed)"));
        }
        if (!parsed.GetValue(_reporting.Quiet))
        {
            await env.Error.WriteLineAsync($"analysed {analyzer.Events:N0} audit events with {rules.Count} rules; {malformed:N0} malformed").ConfigureAwait(false);
        }
        var result = ResultAssembler.Assemble(new ScanInfo("audit", sources, started, env.Clock.GetElapsedTime(startTimestamp)), findings, [], diagnostics, suppressions, severities);
        return await ReportOutput.FinishAsync(result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }
}
