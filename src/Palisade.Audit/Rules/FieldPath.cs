using System.Text;

namespace Palisade.Audit.Rules;

/// <summary>What one step of a path does to the values reached so far.</summary>
public enum StepKind
{
    /// <summary>The named property of an object.</summary>
    Property,

    /// <summary>Every element of an array ("name[]").</summary>
    EachItem,

    /// <summary>Every value of an object ("*": ConfigMap data values).</summary>
    EachValue,

    /// <summary>The keys of an object as strings ("name{}": ConfigMap data keys); always the last step.</summary>
    Keys,
}

/// <summary>One step, with the property name already in UTF-8 for allocation-free lookups.</summary>
public sealed record PathStep(StepKind Kind, string Name)
{
    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(Name);
}

/// <summary>
/// A path into an audit event: dotted names, "name[]" to look into every element of an array,
/// ["key.with.dots"] for keys such as annotations, "name{}" for the keys of an object and "*" for every value of an
/// object. A path yields every value it reaches; evaluation binds it to an <see cref="EventShape"/>.
/// </summary>
public sealed record FieldPath
{
    private FieldPath(string text, IReadOnlyList<PathStep> steps)
    {
        Text = text;
        Steps = steps;
    }

    public string Text { get; }

    public IReadOnlyList<PathStep> Steps { get; }

    /// <summary>True when the path reaches at most one value (only property names).</summary>
    public bool IsSimple => Steps.All(s => s.Kind == StepKind.Property);

    public static FieldPath Parse(string text)
    {
        var steps = new List<PathStep>();
        var position = 0;
        while (position < text.Length)
        {
            if (steps.Count > 0 && steps[^1].Kind == StepKind.Keys)
            {
                throw new FormatException($"path '{text}': '{{}}' (the keys of an object) must end the path");
            }
            string name;
            if (text[position] == '[' && position + 1 < text.Length && text[position + 1] == '"')
            {
                var close = text.IndexOf("\"]", position + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new FormatException($"path '{text}': unclosed [\"…\"]");
                }
                name = text[(position + 2)..close];
                position = close + 2;
            }
            else
            {
                var end = text.IndexOfAny(['.', '[', '{'], position);
                end = end < 0 ? text.Length : end;
                name = text[position..end];
                position = end;
            }
            var each = position + 1 < text.Length && text[position] == '[' && text[position + 1] == ']';
            var keys = position + 1 < text.Length && text[position] == '{' && text[position + 1] == '}';
            if (each || keys)
            {
                position += 2;
            }
            if (name.Length == 0 && !each && !keys)
            {
                throw new FormatException($"path '{text}': empty segment");
            }
            if (name == "*")
            {
                steps.Add(new PathStep(StepKind.EachValue, name));
            }
            else if (name.Length > 0)
            {
                steps.Add(new PathStep(StepKind.Property, name));
            }
            if (each)
            {
                steps.Add(new PathStep(StepKind.EachItem, ""));
            }
            if (keys)
            {
                steps.Add(new PathStep(StepKind.Keys, ""));
            }
            if (position < text.Length && text[position] == '.')
            {
                position++;
            }
        }
        return new FieldPath(text, steps);
    }

    public override string ToString() => Text;
}
