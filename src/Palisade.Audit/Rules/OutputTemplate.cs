using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Audit.Rules;

/// <summary>
/// A rule's alert text: literal parts and {path} placeholders, parsed when the rule loads so a bad path is a load
/// error, never a failure at alert time. A placeholder shows the first non-empty value its path reaches;
/// {a|b|c} tries each path in turn (the body's name, else the object reference's) and shows "?" when none has one.
/// </summary>
public sealed partial record OutputTemplate(IReadOnlyList<OutputTemplate.Part> Parts)
{
    /// <summary>A literal, or the alternative paths of one placeholder.</summary>
    public sealed record Part(string Literal, IReadOnlyList<FieldPath> Paths);

    public static OutputTemplate Parse(string text)
    {
        var parts = new List<Part>();
        var position = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            parts.Add(new Part(text[position..match.Index], []));
            var alternatives = match.Groups[1].Value.Split('|');
            if (alternatives.Any(a => a.Length == 0))
            {
                throw new FormatException($"placeholder '{match.Value}': an empty alternative");
            }
            parts.Add(new Part("", [.. alternatives.Select(FieldPath.Parse)]));
            position = match.Index + match.Length;
        }
        parts.Add(new Part(text[position..], []));
        return new OutputTemplate(parts.Where(p => p.Paths.Count > 0 || p.Literal.Length > 0).ToList());
    }

    /// <summary>Binds the placeholders to the shape once; rendering then reads the view.</summary>
    public Func<EventView, string> Compile(EventShape shape)
    {
        var bound = Parts.Select(p => (p.Literal, Paths: p.Paths.Select(shape.Bind).ToArray())).ToArray();
        return view =>
        {
            var text = new StringBuilder();
            foreach (var (literal, paths) in bound)
            {
                text.Append(paths.Length == 0 ? literal : First(paths, view));
            }
            return text.ToString();
        };
    }

    private static string First(BoundPath[] paths, EventView view)
    {
        foreach (var path in paths)
        {
            if (path.FirstText(view) is { Length: > 0 } value)
            {
                return value;
            }
        }
        return "?";
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_.\[\]""/|-]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
