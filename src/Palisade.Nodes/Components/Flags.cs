namespace Palisade.Nodes.Components;

/// <summary>A setting's value and where it was read, so every result can show its evidence.</summary>
public sealed record Setting(string Name, string Value, string Source, int Line = 0)
{
    public override string ToString() => $"{Name}={Value} ({Source}{(Line > 0 ? $":{Line}" : "")})";
}

/// <summary>Command-line flags as Kubernetes components parse them (pflag): --name=value, --name value, --bool.</summary>
public static class Flags
{
    public static Dictionary<string, Setting> Parse(IEnumerable<(string Argument, int Line)> arguments, string source)
    {
        var list = arguments.ToList();
        var flags = new Dictionary<string, Setting>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var (argument, line) = list[i];
            if (!argument.StartsWith("--", StringComparison.Ordinal) || argument.Length == 2)
            {
                continue;
            }
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            string name, value;
            if (equals > 0)
            {
                name = argument[..equals];
                value = argument[(equals + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].Argument.StartsWith('-'))
            {
                name = argument;
                value = list[++i].Argument;
            }
            else
            {
                name = argument;
                value = "true";
            }
            // The last occurrence wins, as pflag does for single-valued flags.
            flags[name] = new Setting(name, value, source, line);
        }
        return flags;
    }
}
