using System.CommandLine;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Policy.Export;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade policy export-vap</c>: Palisade's manifest checks as ValidatingAdmissionPolicies to enforce in a cluster.</summary>
public sealed class PolicyCommand
{
    private static readonly string[] Actions = ["Deny", "Warn", "Audit"];

    public Command Build(CliEnvironment env)
    {
        var policy = new Command("policy", "Admission policies from Palisade's checks (scan with your own policies: scan manifests --policy)");
        policy.Subcommands.Add(ExportVap(env));
        return policy;
    }

    private static Command ExportVap(CliEnvironment env)
    {
        var check = new Option<string[]>("--check") { Description = "Export only these checks (ids or aliases; default: every check CEL can express)", AllowMultipleArgumentsPerToken = true };
        var level = new Option<string>("--pss-level") { Description = "Pod Security Standards level: baseline or restricted", DefaultValueFactory = _ => "restricted" };
        var version = new Option<string>("--pss-version") { Description = "Pod Security Standards version, v1.0 to v1.37, or latest", DefaultValueFactory = _ => "latest" };
        var actions = new Option<string[]>("--actions") { Description = "The bindings' validationActions: Warn and Audit (default) report, Deny refuses", AllowMultipleArgumentsPerToken = true };
        var exclude = new Option<string[]>("--exclude-namespace") { Description = "Namespaces the bindings leave alone (e.g. kube-system)", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML here instead of standard output" };
        var command = new Command("export-vap", "Write ValidatingAdmissionPolicies and bindings that enforce Palisade's manifest checks in a cluster");
        foreach (var option in new Option[] { check, level, version, actions, exclude, output })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parsed, token) =>
        {
            if (!PssLevels.TryParse(parsed.GetValue(level) ?? "", out var pssLevel) || pssLevel == PssLevel.Privileged)
            {
                throw new UsageException($"--pss-level: '{parsed.GetValue(level)}' is not baseline or restricted");
            }
            if (!PssVersion.TryParse(parsed.GetValue(version), out var pssVersion))
            {
                throw new UsageException($"--pss-version: '{parsed.GetValue(version)}' is not v1.N or latest");
            }
            var chosenActions = Split(parsed.GetValue(actions)).Select(a => Actions.FirstOrDefault(k => k.Equals(a, StringComparison.OrdinalIgnoreCase)) ?? throw new UsageException($"--actions: '{a}' is not Deny, Warn or Audit")).Distinct().ToList();
            if (chosenActions.Contains("Deny") && chosenActions.Contains("Warn"))
            {
                throw new UsageException("--actions: Deny and Warn may not be used together (the API server refuses such a binding)");
            }
            var options = new VapExportOptions
            {
                Level = pssLevel,
                Version = pssVersion,
                Checks = Split(parsed.GetValue(check)).ToHashSet(StringComparer.Ordinal),
                ValidationActions = chosenActions.Count > 0 ? chosenActions : ["Warn", "Audit"],
                ExcludedNamespaces = Split(parsed.GetValue(exclude)).ToList(),
            };
            IReadOnlyList<ExportedPolicy> policies;
            IReadOnlyList<(string Check, string Reason)> skipped;
            try
            {
                (policies, skipped) = VapExporter.Export(options);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            var path = parsed.GetValue(output);
            await using (var writer = path is null ? null : new StreamWriter(Path.GetFullPath(path, env.WorkingDirectory)))
            {
                VapWriter.Write(policies, options, "palisade policy export-vap", writer ?? env.Out);
            }
            await env.Error.WriteLineAsync($"Exported {policies.Count} policies{(path is null ? "" : $" to {path}")}; left out {skipped.Count}:").ConfigureAwait(false);
            foreach (var (id, reason) in skipped)
            {
                await env.Error.WriteLineAsync($"  {id}: {reason}").ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
