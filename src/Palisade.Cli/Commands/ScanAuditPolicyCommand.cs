using System.CommandLine;
using Palisade.Audit.Policy;
using Palisade.Core.Findings;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan audit-policy FILE</c>: grade an API server audit policy.</summary>
public sealed class ScanAuditPolicyCommand
{
    private readonly Argument<string[]> _files = new("policy") { Description = "Audit policy files (audit.k8s.io Policy)", Arity = ArgumentArity.OneOrMore };
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("audit-policy", "Grade an audit policy: secrets in the logs, sensitive operations not logged, missing catch-all");
        command.Arguments.Add(_files);
        _reporting.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            _reporting.Validate(parsed);
            var suppressions = Suppressions.Load(parsed, _reporting, env);
            var severities = _reporting.Severities(parsed);
            _ = _reporting.Gate(parsed);
            var started = env.Clock.GetUtcNow();
            var startTimestamp = env.Clock.GetTimestamp();
            var findings = new List<Finding>();
            var diagnostics = new List<Diagnostic>();
            var files = parsed.GetValue(_files)!;
            foreach (var file in files)
            {
                var path = Path.GetFullPath(file, env.WorkingDirectory);
                try
                {
                    findings.AddRange(await AuditPolicyGrader.GradeFileAsync(path, file, token).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
                {
                    diagnostics.Add(new Diagnostic(file, null, ex.Message));
                }
            }
            var result = ResultAssembler.Assemble(new ScanInfo("audit-policy", files, started, env.Clock.GetElapsedTime(startTimestamp)), findings, [], diagnostics, suppressions, severities);
            return await ReportOutput.FinishAsync(result, parsed, _reporting, env, token).ConfigureAwait(false);
        });
        return command;
    }
}
