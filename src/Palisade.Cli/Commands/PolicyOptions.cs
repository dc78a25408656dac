using System.CommandLine;
using Palisade.Core.Catalog;
using Palisade.Core.Findings;
using Palisade.Policy;

namespace Palisade.Cli.Commands;

/// <summary><c>--policy PATH…</c>: ValidatingAdmissionPolicies with their bindings and params, and custom CEL checks.</summary>
public sealed class PolicyOptions
{
    public Option<string[]> Paths { get; } = new("--policy")
    {
        Description = "ValidatingAdmissionPolicies, their bindings and params, and custom CEL checks (files or directories) to evaluate on every object",
        AllowMultipleArgumentsPerToken = true,
    };

    public void AddTo(Command command) => command.Options.Add(Paths);

    /// <summary>The loaded set (null when no --policy was given) and what was wrong with it; a broken document never stops the rest.</summary>
    public (PolicySet? Set, IReadOnlyList<Diagnostic> Diagnostics) Load(ParseResult parsed, CliEnvironment env, CheckCatalog catalog)
    {
        var paths = parsed.GetValue(Paths) ?? [];
        if (paths.Length == 0)
        {
            return (null, []);
        }
        var (set, diagnostics) = PolicyLoader.Load(paths, env.WorkingDirectory, id => catalog.Find(id) is not null);
        return (set, diagnostics);
    }

    /// <summary>The scan's result with the policy files' diagnostics first.</summary>
    public static async Task<Core.Scanning.ScanOutput> WithDiagnosticsAsync(Task<Core.Scanning.ScanOutput> scan, IReadOnlyList<Diagnostic> diagnostics)
    {
        var output = await scan.ConfigureAwait(false);
        return diagnostics.Count == 0 ? output : output with { Diagnostics = [.. diagnostics, .. output.Diagnostics] };
    }
}
