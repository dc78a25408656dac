using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>
/// One event read through an <see cref="EventShape"/> in a single forward pass with <see cref="Utf8JsonReader"/>:
/// the values of the names rules ask for are noted as places in the event's bytes, everything else is skipped (and
/// still validated). No document is built; paths that go on into arrays or objects re-read only that value.
/// </summary>
public sealed class EventView(EventShape shape)
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };
    private readonly JsonTokenType[] _tokens = new JsonTokenType[shape.Count];
    private readonly int[] _starts = new int[shape.Count];
    private readonly int[] _lengths = new int[shape.Count];
    private readonly bool[] _escaped = new bool[shape.Count];
    private ReadOnlyMemory<byte> _json;

    public EventShape Shape => shape;

    /// <summary>The bytes of the event the view is on.</summary>
    public ReadOnlyMemory<byte> Json => _json;

    /// <summary>Reads one event (a JSON object); a JsonException when the bytes are not one JSON value.</summary>
    public void Scan(ReadOnlyMemory<byte> json)
    {
        Array.Clear(_tokens);
        _json = json;
        var reader = new Utf8JsonReader(json.Span, ReaderOptions);
        if (!reader.Read())
        {
            throw new JsonException("empty document");
        }
        Note(ref reader, EventShape.Root);
        if (reader.Read())
        {
            throw new JsonException("more than one JSON value on the line");
        }
    }

    /// <summary>Whether the node was in the event (JSON null counts as there, with token Null).</summary>
    public bool Has(int node) => _tokens[node] != JsonTokenType.None;

    public JsonTokenType Token(int node) => _tokens[node];

    /// <summary>
    /// The node's text: a string's content (unescaped, which copies only when the JSON had escapes), or a number,
    /// literal, object or array as written.
    /// </summary>
    public ReadOnlySpan<byte> Text(int node)
    {
        var raw = _json.Span.Slice(_starts[node], _lengths[node]);
        return _tokens[node] == JsonTokenType.String && _escaped[node] ? Unescape(raw) : raw;
    }

    /// <summary>The node's value as JSON (strings with their quotes), for reading further into it.</summary>
    public ReadOnlySpan<byte> RawValue(int node) =>
        _tokens[node] == JsonTokenType.String ? _json.Span.Slice(_starts[node] - 1, _lengths[node] + 2) : _json.Span.Slice(_starts[node], _lengths[node]);

    /// <summary>Where the node's value starts in the event's bytes (after the quote, for a string).</summary>
    public int Start(int node) => _starts[node];

    public string? String(int node) => _tokens[node] == JsonTokenType.String ? Encoding.UTF8.GetString(Text(node)) : null;

    /// <summary>A quoted JSON string's content, unescaped.</summary>
    internal static byte[] Unescape(ReadOnlySpan<byte> content)
    {
        Span<byte> quoted = content.Length + 2 <= 512 ? stackalloc byte[content.Length + 2] : new byte[content.Length + 2];
        quoted[0] = (byte)'"';
        content.CopyTo(quoted[1..]);
        quoted[^1] = (byte)'"';
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return Encoding.UTF8.GetBytes(reader.GetString()!);
    }

    /// <summary>Notes where the current value is and, for an object the shape looks into, its named children.</summary>
    private void Note(ref Utf8JsonReader reader, int node)
    {
        var token = reader.TokenType;
        _tokens[node] = token;
        switch (token)
        {
            case JsonTokenType.StartObject:
                var start = (int)reader.TokenStartIndex;
                if (shape.HasChildren(node))
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var child = reader.ValueIsEscaped ? FindEscaped(ref reader, node) : shape.Find(node, reader.ValueSpan);
                        reader.Read();
                        if (child < 0)
                        {
                            reader.Skip();
                        }
                        else
                        {
                            // Duplicate names: the last one wins, as with JsonElement.TryGetProperty.
                            Note(ref reader, child);
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
                _starts[node] = start;
                _lengths[node] = (int)reader.BytesConsumed - start;
                break;
            case JsonTokenType.StartArray:
                var arrayStart = (int)reader.TokenStartIndex;
                reader.Skip();
                _starts[node] = arrayStart;
                _lengths[node] = (int)reader.BytesConsumed - arrayStart;
                break;
            case JsonTokenType.String:
                _starts[node] = (int)reader.TokenStartIndex + 1;
                _lengths[node] = reader.ValueSpan.Length;
                _escaped[node] = reader.ValueIsEscaped;
                break;
            default:
                _starts[node] = (int)reader.TokenStartIndex;
                _lengths[node] = reader.ValueSpan.Length;
                break;
        }
    }

    private int FindEscaped(ref Utf8JsonReader reader, int node)
    {
        var name = Encoding.UTF8.GetBytes(reader.GetString()!);
        return shape.Find(node, name);
    }
}
