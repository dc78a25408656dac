using System.Text;
using Palisade.Core.Yaml;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>Parses a JSON or YAML feed file into our position-keeping tree, with caps sized for advisory feeds.</summary>
internal static class TreeDocument
{
    private static readonly DocumentLimits FeedLimits = new() { MaxFileBytes = FeedReader.MaxFileBytes, MaxExpandedNodes = 50_000_000, MaxDocuments = 1 };

    public static YamlMapping? Parse(FeedFile file, out string? error) => ParseAny(file, out error) as YamlMapping ?? Fail(ref error);

    private static YamlMapping? Fail(ref string? error)
    {
        error ??= "not a mapping at the top level";
        return null;
    }

    /// <summary>The document's root, whatever it is (OSV dumps are sometimes one array of records).</summary>
    public static YamlNode? ParseAny(FeedFile file, out string? error)
    {
        error = null;
        if (!TextInput.TryDecode(file.Content, out var text, out var decodeError))
        {
            error = decodeError?.Message ?? "not UTF-8 text";
            return null;
        }
        var outcome = new StructuredText(FeedLimits).Parse(text, file.Name);
        if (outcome.Errors.Count > 0)
        {
            error = $"line {outcome.Errors[0].Line}: {outcome.Errors[0].Message}";
            return null;
        }
        if (outcome.Documents.Count == 0)
        {
            error = "empty document";
            return null;
        }
        return outcome.Documents[0].Root;
    }

    public static bool HeadContains(FeedFile file, string text) =>
        Encoding.UTF8.GetString(file.Content.AsSpan(0, Math.Min(file.Content.Length, 8192))).Contains(text, StringComparison.Ordinal);
}
