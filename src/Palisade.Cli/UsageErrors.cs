using System.CommandLine;

namespace Palisade.Cli;

/// <summary>
/// A command line that does not parse gets its problems in a line or two and, for an unknown command, the nearest
/// real one, instead of the whole help text. Habits from other tools (kube-hunter's hunt, kube-bench) are mapped.
/// </summary>
internal static class UsageErrors
{
    private static readonly Dictionary<string, string> Habits = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hunt"] = "scan network",
        ["kube-hunter"] = "scan network",
        ["bench"] = "scan node",
        ["kube-bench"] = "scan node",
        ["benchmark"] = "scan node",
        ["run"] = "scan node",
        ["image"] = "scan image",
        ["config"] = "scan manifests",
        ["k8s"] = "scan cluster",
        ["kubernetes"] = "scan cluster",
        ["cluster-scan"] = "scan cluster",
        ["manifests"] = "scan manifests",
        ["network"] = "scan network",
        ["node"] = "scan node",
        ["analyze"] = "audit analyze",
        ["update"] = "db update",
    };

    public static IEnumerable<string> Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var path = CommandPath(parsed);
        var unmatched = parsed.UnmatchedTokens.FirstOrDefault();
        if (unmatched is not null && !unmatched.StartsWith('-') && command.Subcommands.Count > 0)
        {
            var suggestion = Suggest(command, path, unmatched);
            yield return $"palisade: unknown command '{string.Join(' ', path.Append(unmatched))}'"
                + (suggestion is null ? "" : $"; did you mean 'palisade {suggestion}'?")
                + $" (palisade {string.Join(' ', path.Append("--help"))} lists the commands)";
            yield break;
        }
        if (unmatched is null && command.Subcommands.Count > 0 && command.Action is null)
        {
            yield return $"palisade: '{string.Join(' ', path.Prepend("palisade"))}' needs a command, one of: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
            yield break;
        }
        foreach (var error in parsed.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal).Take(3))
        {
            yield return $"palisade: {error}";
        }
        yield return $"(palisade {string.Join(' ', path.Append("--help"))} shows the usage)";
    }

    private static List<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result?.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }
        return names;
    }

    private static string? Suggest(Command command, IReadOnlyList<string> path, string typed)
    {
        if (path.Count == 0 && Habits.TryGetValue(typed, out var habit))
        {
            return habit;
        }
        var best = command.Subcommands
            .Select(c => (c.Name, Distance: Distance(c.Name, typed.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(2, typed.Length / 3))
            .OrderBy(c => c.Distance).FirstOrDefault();
        return best.Name is null ? null : string.Join(' ', path.Append(best.Name));
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
