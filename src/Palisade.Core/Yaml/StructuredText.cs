namespace Palisade.Core.Yaml;

/// <summary>Picks the JSON or YAML reader for a text by its name or its first significant character.</summary>
public sealed class StructuredText(DocumentLimits limits)
{
    public DocumentLimits Limits => limits;

    public ParseOutcome Parse(string text, string name)
    {
        var json = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || LooksLikeJson(text);
        return json ? new JsonTreeReader(limits).Read(text) : new YamlTreeReader(limits).Read(text);
    }

    private static bool LooksLikeJson(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                return c is '{' or '[';
            }
        }
        return false;
    }
}
