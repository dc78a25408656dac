using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>
/// A path into an audit event: dotted names, "name[]" to look into every element of an array, and
/// ["key.with.dots"] for keys such as annotations, "name{}" for the keys of an object (ConfigMap data keys), "*" for
/// every value of an object. A path
/// yields every value it reaches.
/// </summary>
public sealed class FieldPath
{
    private readonly IReadOnlyList<(string Name, bool Each, bool Keys)> _segments;

    public string Text { get; }

    private FieldPath(string text, IReadOnlyList<(string, bool, bool)> segments)
    {
        Text = text;
        _segments = segments;
    }

    public static FieldPath Parse(string text)
    {
        var segments = new List<(string, bool, bool)>();
        var position = 0;
        while (position < text.Length)
        {
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
            segments.Add((name, each, keys));
            if (position < text.Length && text[position] == '.')
            {
                position++;
            }
        }
        return new FieldPath(text, segments);
    }

    private bool Simple => _simple ??= _segments.All(s => !s.Each && !s.Keys && s.Name != "*");

    private bool? _simple;

    /// <summary>For paths without arrays or wildcards: the one value, without allocating.</summary>
    public bool TryGetSingle(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var (name, _, _) in _segments)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }
        return true;
    }

    public bool IsSimple => Simple;

    /// <summary>Whether any value the path reaches satisfies the test; walks the event without allocating.</summary>
    public bool Any(JsonElement root, Func<JsonElement, bool> test) => Walk(root, 0, test);

    private bool Walk(JsonElement element, int index, Func<JsonElement, bool> test)
    {
        if (index == _segments.Count)
        {
            return test(element);
        }
        var (name, each, keys) = _segments[index];
        if (name == "*")
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            foreach (var property in element.EnumerateObject())
            {
                if (Walk(property.Value, index + 1, test))
                {
                    return true;
                }
            }
            return false;
        }
        if (name.Length > 0 && (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)))
        {
            return false;
        }
        if (keys)
        {
            return Values(element, index).Any(test);
        }
        if (!each)
        {
            return Walk(element, index + 1, test);
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var item in element.EnumerateArray())
        {
            if (Walk(item, index + 1, test))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Object keys as string elements (rare: ConfigMap data keys), for the remaining path.</summary>
    private static IEnumerable<JsonElement> Values(JsonElement element, int index) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Select(p => JsonDocument.Parse(JsonSerializer.Serialize(p.Name, FieldPathJson.Default.String)).RootElement).ToList()
            : [];

    public IEnumerable<JsonElement> Values(JsonElement root)
    {
        if (Simple)
        {
            return TryGetSingle(root, out var single) ? [single] : [];
        }
        return Expand(root);
    }

    private IEnumerable<JsonElement> Expand(JsonElement root)
    {
        IEnumerable<JsonElement> current = [root];
        foreach (var (name, each, keys) in _segments)
        {
            current = current.SelectMany(element =>
            {
                if (name == "*")
                {
                    // "*": every value of an object (ConfigMap data values), then whatever follows.
                    return element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Select(p => p.Value).ToList() : [];
                }
                if (name.Length > 0)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var child))
                    {
                        return [];
                    }
                    element = child;
                }
                if (keys)
                {
                    return element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Select(p => JsonDocument.Parse(JsonSerializer.Serialize(p.Name, FieldPathJson.Default.String)).RootElement).ToList() : [];
                }
                return each ? (element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : []) : (IEnumerable<JsonElement>)[element];
            });
        }
        return current;
    }

    public static string TextOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class FieldPathJson : System.Text.Json.Serialization.JsonSerializerContext;
