using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Audit.Rules;

/// <summary>
/// A rule's alert text: literal parts and {path} placeholders, parsed when the rule loads so a bad path is a load
/// error, never a failure at alert time. Each placeholder shows the first value its path reaches, or "?".
/// </summary>
public sealed partial record OutputTemplate(IReadOnlyList<OutputTemplate.Part> Parts)
{
    public sealed record Part(string Literal, FieldPath? Path);

    public static OutputTemplate Parse(string text)
    {
        var parts = new List<Part>();
        var position = 0;
        foreach (Match match in Placeholder().Matches(text))
        {
            parts.Add(new Part(text[position..match.Index], null));
            parts.Add(new Part("", FieldPath.Parse(match.Groups[1].Value)));
            position = match.Index + match.Length;
        }
        parts.Add(new Part(text[position..], null));
        return new OutputTemplate(parts.Where(p => p.Path is not null || p.Literal.Length > 0).ToList());
    }

    /// <summary>Binds the placeholders to the shape once; rendering then reads the view.</summary>
    public Func<EventView, string> Compile(EventShape shape)
    {
        var bound = Parts.Select(p => (p.Literal, Path: p.Path is null ? null : shape.Bind(p.Path))).ToArray();
        return view =>
        {
            var text = new StringBuilder();
            foreach (var (literal, path) in bound)
            {
                text.Append(path is null ? literal : path.FirstText(view) ?? "?");
            }
            return text.ToString();
        };
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_.\[\]""/-]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
