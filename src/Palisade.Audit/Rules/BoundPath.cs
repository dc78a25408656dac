using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>Receives the values a path reaches; returning true stops the walk.</summary>
public interface IValueVisitor
{
    bool Visit(JsonElement value);

    /// <summary>An object key reached by "{}", unescaped UTF-8.</summary>
    bool VisitKey(ReadOnlySpan<byte> key);
}

/// <summary>
/// A <see cref="FieldPath"/> resolved against an <see cref="EventShape"/>: the node its property names lead to and
/// the steps left to walk (arrays, wildcards, keys), which are walked without allocating.
/// </summary>
public sealed record BoundPath(FieldPath Path, int Node, IReadOnlyList<PathStep> Rest)
{
    /// <summary>Whether the visitor accepts any value the path reaches in the event.</summary>
    public bool Any(EventView view, IValueVisitor visitor) =>
        view.TryGet(Node, out var start) && Walk(start, 0, visitor);

    /// <summary>The first value the path reaches (JSON null included), or false when it reaches none.</summary>
    public bool TryFirst(EventView view, out JsonElement value)
    {
        if (Rest.Count == 0)
        {
            return view.TryGet(Node, out value);
        }
        var first = new FirstValue();
        var found = Any(view, first);
        value = first.Value;
        return found;
    }

    /// <summary>The first value as text (see <see cref="ValueText.Of"/>), or null when the path reaches none or JSON null.</summary>
    public string? FirstText(EventView view)
    {
        if (Rest.Count > 0 && Rest[^1].Kind == StepKind.Keys)
        {
            var key = new FirstValue();
            return Any(view, key) ? key.Key : null;
        }
        return TryFirst(view, out var value) && ValueText.IsPresent(value) ? ValueText.Of(value) : null;
    }

    private bool Walk(JsonElement element, int index, IValueVisitor visitor)
    {
        if (index == Rest.Count)
        {
            return visitor.Visit(element);
        }
        var step = Rest[index];
        switch (step.Kind)
        {
            case StepKind.Property:
                return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(step.Utf8Name, out var child) && Walk(child, index + 1, visitor);
            case StepKind.EachItem:
                if (element.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in element.EnumerateArray())
                    {
                        if (Walk(item, index + 1, visitor))
                        {
                            return true;
                        }
                    }
                }
                return false;
            case StepKind.EachValue:
                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        if (Walk(property.Value, index + 1, visitor))
                        {
                            return true;
                        }
                    }
                }
                return false;
            default:
                if (element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in element.EnumerateObject())
                    {
                        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
                        if (raw.IndexOf((byte)'\\') >= 0 ? visitor.VisitKey(Encoding.UTF8.GetBytes(property.Name)) : visitor.VisitKey(raw))
                        {
                            return true;
                        }
                    }
                }
                return false;
        }
    }

    private sealed class FirstValue : IValueVisitor
    {
        public JsonElement Value { get; private set; }

        public string? Key { get; private set; }

        public bool Visit(JsonElement value)
        {
            Value = value;
            return true;
        }

        public bool VisitKey(ReadOnlySpan<byte> key)
        {
            Key = Encoding.UTF8.GetString(key);
            return true;
        }
    }
}
