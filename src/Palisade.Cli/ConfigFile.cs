using System.CommandLine;
using Palisade.Core.Yaml;

namespace Palisade.Cli;

/// <summary>
/// <c>.palisade.yaml</c>: defaults for any long option, by its name without dashes (<c>format: json</c>,
/// <c>severity: [high, critical]</c>). Found with <c>--config</c> or upward from the working directory; flags given
/// on the command line win.
/// </summary>
public sealed class ConfigFile
{
    public const string FileName = ".palisade.yaml";

    private ConfigFile(string path, YamlMapping values)
    {
        Path = path;
        Values = values;
    }

    public string Path { get; }

    public YamlMapping Values { get; }

    public static ConfigFile? Find(IReadOnlyList<string> args, string workingDirectory)
    {
        var explicitPath = ExplicitPath(args);
        var path = explicitPath is null ? SearchUpward(workingDirectory) : System.IO.Path.GetFullPath(explicitPath, workingDirectory);
        if (path is null)
        {
            return null;
        }
        if (!File.Exists(path))
        {
            throw new UsageException($"config file '{explicitPath}' does not exist");
        }
        var outcome = new StructuredText(DocumentLimits.Default).Parse(File.ReadAllText(path), path);
        if (outcome.Errors.Count > 0)
        {
            throw new UsageException($"{path}:{outcome.Errors[0].Line}: {outcome.Errors[0].Message}");
        }
        return outcome.Documents.Count switch
        {
            0 => null,
            _ when outcome.Documents[0].Root is YamlMapping mapping => new ConfigFile(path, mapping),
            _ when outcome.Documents[0].Root is YamlScalar { IsNull: true } => null,
            _ => throw new UsageException($"{path}: expected a mapping of option names to values"),
        };
    }

    /// <summary>The arguments with the config's values added for every option of the chosen command not given already.</summary>
    public IReadOnlyList<string> Apply(IReadOnlyList<string> args, ParseResult parsed, TextWriter warnings)
    {
        var command = parsed.CommandResult.Command;
        var options = OptionsOf(parsed).ToDictionary(o => o.Name.TrimStart('-'), StringComparer.Ordinal);
        var added = new List<string>();
        foreach (var entry in Values.Entries)
        {
            var key = entry.Key.Value;
            if (key == "config")
            {
                continue;
            }
            if (!options.TryGetValue(key, out var option))
            {
                if (!AnyCommandHas(command, key))
                {
                    warnings.WriteLine($"{Path}:{entry.Key.Start.Line}: unknown option '{key}' ignored");
                }
                continue;
            }
            if (parsed.GetResult(option) is { Implicit: false })
            {
                continue;
            }
            foreach (var value in ScalarsOf(entry.Value))
            {
                if (option.ValueType == typeof(bool))
                {
                    if (value is "true" or "yes")
                    {
                        added.Add(option.Name);
                    }
                }
                else
                {
                    added.Add(option.Name);
                    added.Add(value);
                }
            }
        }
        return [.. args, .. added];
    }

    private static IEnumerable<string> ScalarsOf(YamlNode node) => node switch
    {
        YamlScalar scalar => [scalar.Value],
        YamlSequence sequence => sequence.Items.OfType<YamlScalar>().Select(s => s.Value),
        _ => [],
    };

    private static IEnumerable<Option> OptionsOf(ParseResult parsed)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            foreach (var option in result.Command.Options.Where(o => (o.Recursive || result == parsed.CommandResult) && seen.Add(o.Name)))
            {
                yield return option;
            }
        }
    }

    private static bool AnyCommandHas(Command command, string key)
    {
        var root = command;
        while (root.Parents.OfType<Command>().FirstOrDefault() is { } parent)
        {
            root = parent;
        }
        return All(root).Any(c => c.Options.Any(o => o.Name.TrimStart('-') == key));
    }

    private static IEnumerable<Command> All(Command command) => command.Subcommands.SelectMany(All).Prepend(command);

    private static string? ExplicitPath(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Count)
            {
                return args[i + 1];
            }
            if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                return args[i]["--config=".Length..];
            }
        }
        return null;
    }

    private static string? SearchUpward(string directory)
    {
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
