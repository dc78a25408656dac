using System.Reflection;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Audit.Rules;

/// <summary>
/// Named lists rules refer to (trusted registries, control-plane identities, add-ons), shipped in Lists/lists.yaml
/// and replaceable by name from a file of the same shape.
/// </summary>
public sealed record RuleSettings(IReadOnlyDictionary<string, IReadOnlyList<string>> Lists)
{
    private const string ShippedResource = "Palisade.Audit.Lists.lists.yaml";

    public static RuleSettings Default { get; } = Shipped();

    public IReadOnlyList<string> List(string name) => Lists.GetValueOrDefault(name) ?? [];

    /// <summary>These settings with the lists given replacing the ones of the same name.</summary>
    public RuleSettings With(IReadOnlyDictionary<string, IReadOnlyList<string>> replacements)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>(Lists, StringComparer.Ordinal);
        foreach (var (name, entries) in replacements)
        {
            lists[name] = entries;
        }
        return new RuleSettings(lists);
    }

    /// <summary>Reads a lists file: a mapping with one 'lists' mapping of names to lists of strings.</summary>
    public static (IReadOnlyDictionary<string, IReadOnlyList<string>> Lists, IReadOnlyList<Diagnostic> Errors) Load(string text, string file)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var errors = new List<Diagnostic>();
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read(text);
        errors.AddRange(outcome.Errors.Select(e => new Diagnostic(file, e.Line, e.Message)));
        foreach (var document in outcome.Documents)
        {
            if (document.Root is not YamlMapping root || root.Map("lists") is not { } map || root.Entries.Any(e => e.Key.Value != "lists"))
            {
                errors.Add(new Diagnostic(file, document.Root.Start.Line, "expected a mapping with only a 'lists' mapping (name: [entries])"));
                continue;
            }
            foreach (var entry in map.Entries)
            {
                if (entry.Value is not YamlSequence sequence || sequence.Items.Any(i => i is not YamlScalar))
                {
                    errors.Add(new Diagnostic(file, entry.Key.Start.Line, $"list '{entry.Key.Value}' must be a list of strings"));
                    continue;
                }
                lists[entry.Key.Value] = [.. sequence.Items.OfType<YamlScalar>().Select(s => s.Value)];
            }
        }
        return (lists, errors);
    }

    private static RuleSettings Shipped()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ShippedResource)
            ?? throw new InvalidOperationException($"resource {ShippedResource} is missing from the build");
        using var reader = new StreamReader(stream);
        var (lists, errors) = Load(reader.ReadToEnd(), "lists.yaml");
        return errors.Count == 0 ? new RuleSettings(lists) : throw new InvalidDataException(string.Join("; ", errors));
    }
}
