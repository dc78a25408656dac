using System.CommandLine;
using Palisade.Audit.Policy;

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
        command.SetAction((parsed, token) =>
        {
            var files = parsed.GetValue(_files)!;
            var scanner = new AuditPolicyScanner();
            var request = new AuditPolicyScanRequest(files, env.WorkingDirectory);
            return new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, files, (progress, ct) => scanner.ScanAsync(request, progress, ct), token);
        });
        return command;
    }
}
