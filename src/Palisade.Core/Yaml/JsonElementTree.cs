using System.Text.Json;

namespace Palisade.Core.Yaml;

/// <summary>
/// Turns JSON already parsed (an API list item, a snapshot's object) into the tree the checks read, walking the
/// element rather than parsing its text again. The nodes carry no positions: such objects have no file to point into.
/// </summary>
public static class JsonElementTree
{
    private static readonly Mark Nowhere = new(0, 0);

    /// <summary>The tree, or null and why not (more nodes than the limits allow, a key repeated in an object).</summary>
    public static YamlNode? From(JsonElement element, DocumentLimits limits, out string? problem)
    {
        long count = 0;
        try
        {
            problem = null;
            return Convert(element, limits, ref count);
        }
        catch (YamlTreeException ex)
        {
            problem = ex.Message;
            return null;
        }
        catch (InvalidOperationException)
        {
            // A JSON string holding bytes that are not UTF-8 is only found when its text is asked for.
            problem = "a string is not valid UTF-8";
            return null;
        }
    }

    private static YamlNode Convert(JsonElement element, DocumentLimits limits, ref long count)
    {
        if (++count > limits.MaxExpandedNodes)
        {
            throw new YamlTreeException(0, $"object has more than {limits.MaxExpandedNodes:N0} nodes");
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var entries = new List<YamlEntry>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        throw new YamlTreeException(0, $"duplicate key '{property.Name}'");
                    }
                    entries.Add(new YamlEntry(new YamlScalar(Nowhere, property.Name, IsPlain: false), Convert(property.Value, limits, ref count)));
                }
                return new YamlMapping(Nowhere, entries);
            case JsonValueKind.Array:
                var items = new List<YamlNode>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(Convert(item, limits, ref count));
                }
                return new YamlSequence(Nowhere, items);
            case JsonValueKind.String:
                return new YamlScalar(Nowhere, element.GetString()!, IsPlain: false);
            case JsonValueKind.Number:
                return new YamlScalar(Nowhere, element.GetRawText(), IsPlain: true);
            case JsonValueKind.True:
                return new YamlScalar(Nowhere, "true", IsPlain: true);
            case JsonValueKind.False:
                return new YamlScalar(Nowhere, "false", IsPlain: true);
            default:
                return new YamlScalar(Nowhere, "null", IsPlain: true);
        }
    }
}
