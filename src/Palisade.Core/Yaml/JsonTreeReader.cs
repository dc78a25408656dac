using System.Text;
using System.Text.Json;

namespace Palisade.Core.Yaml;

/// <summary>
/// Reads JSON (one value or a stream of values, as <c>kubectl get -o json</c> or JSON lines) into the same
/// position-carrying tree as YAML. JSON is read with System.Text.Json so tab-indented files parse too.
/// </summary>
public sealed class JsonTreeReader(DocumentLimits limits)
{
    public ParseOutcome Read(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var lineStarts = LineStarts(bytes);
        var documents = new List<ParsedDocument>();
        var errors = new List<ParseError>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            MaxDepth = limits.MaxDepth,
            CommentHandling = JsonCommentHandling.Skip,
            AllowMultipleValues = true,
        });
        var builder = new Builder(lineStarts, limits);
        try
        {
            while (reader.Read())
            {
                if (documents.Count >= limits.MaxDocuments)
                {
                    errors.Add(new ParseError(builder.Mark(reader.TokenStartIndex).Line, $"more than {limits.MaxDocuments} documents; the rest are not read"));
                    break;
                }
                builder.ResetCount();
                documents.Add(new ParsedDocument(documents.Count, builder.ReadValue(ref reader)));
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new ParseError((int)(ex.LineNumber ?? 0) + 1, Clean(ex.Message)));
        }
        catch (YamlTreeException ex)
        {
            errors.Add(new ParseError(ex.Line, ex.Message));
        }
        return new ParseOutcome(documents, errors);
    }

    private static string Clean(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd('.', ' ') : message;
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }
        return [.. starts];
    }

    private sealed class Builder(int[] lineStarts, DocumentLimits limits)
    {
        private long _count;

        public void ResetCount() => _count = 0;

        public Mark Mark(long offset)
        {
            var index = Array.BinarySearch(lineStarts, (int)offset);
            var line = index >= 0 ? index : ~index - 1;
            return new Mark(line + 1, (int)offset - lineStarts[line] + 1);
        }

        public YamlNode ReadValue(ref Utf8JsonReader reader)
        {
            if (++_count > limits.MaxExpandedNodes)
            {
                throw new YamlTreeException(Mark(reader.TokenStartIndex).Line, $"document has more than {limits.MaxExpandedNodes:N0} nodes");
            }
            var mark = Mark(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var entries = new List<YamlEntry>();
                    var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = new YamlScalar(Mark(reader.TokenStartIndex), reader.GetString()!, IsPlain: false);
                        if (!seen.TryAdd(key.Value, key.Start.Line))
                        {
                            throw new YamlTreeException(key.Start.Line, $"duplicate key '{key.Value}' (first at line {seen[key.Value]})");
                        }
                        reader.Read();
                        entries.Add(new YamlEntry(key, ReadValue(ref reader)));
                    }
                    return new YamlMapping(mark, entries);
                case JsonTokenType.StartArray:
                    var items = new List<YamlNode>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(ReadValue(ref reader));
                    }
                    return new YamlSequence(mark, items);
                case JsonTokenType.String:
                    return new YamlScalar(mark, reader.GetString()!, IsPlain: false);
                case JsonTokenType.Number:
                    return new YamlScalar(mark, Encoding.UTF8.GetString(reader.ValueSpan), IsPlain: true);
                case JsonTokenType.True:
                    return new YamlScalar(mark, "true", IsPlain: true);
                case JsonTokenType.False:
                    return new YamlScalar(mark, "false", IsPlain: true);
                default:
                    return new YamlScalar(mark, "null", IsPlain: true);
            }
        }
    }
}
