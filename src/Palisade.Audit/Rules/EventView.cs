using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>
/// One event read through an <see cref="EventShape"/> in a single forward pass with <see cref="Utf8JsonReader"/>:
/// the values of the names rules ask for are noted as places in the event's bytes, everything else is skipped (and
/// still validated). No document is built; paths that go on into arrays or objects re-read only that value.
/// </summary>
public sealed class EventView
{
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 128 };
    private readonly EventShape shape;
    private JsonTokenType[] _tokens;
    private int[] _starts;
    private int[] _lengths;
    private bool[] _escaped;
    private ReadOnlyMemory<byte> _json;
    private int _base;

    public EventView(EventShape shape)
        : this(shape, new SlotTable(shape.Count, 1))
    {
    }

    /// <summary>A view whose notes live in a table of many events' slots (events scanned ahead on another thread).</summary>
    internal EventView(EventShape shape, SlotTable slots)
    {
        this.shape = shape;
        _tokens = slots.Tokens;
        _starts = slots.Starts;
        _lengths = slots.Lengths;
        _escaped = slots.Escaped;
    }

    public EventShape Shape => shape;

    /// <summary>Points the view at one event of a table: its notes (already scanned, or about to be) and its bytes.</summary>
    internal void MoveTo(SlotTable slots, int entry, ReadOnlyMemory<byte> json)
    {
        _tokens = slots.Tokens;
        _starts = slots.Starts;
        _lengths = slots.Lengths;
        _escaped = slots.Escaped;
        _base = entry * shape.Count;
        _json = json;
    }

    /// <summary>The bytes of the event the view is on.</summary>
    public ReadOnlyMemory<byte> Json => _json;

    /// <summary>Reads one event (a JSON object); a JsonException when the bytes are not one JSON value.</summary>
    public void Scan(ReadOnlyMemory<byte> json)
    {
        Array.Clear(_tokens, _base, shape.Count);
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
    public bool Has(int node) => _tokens[_base + node] != JsonTokenType.None;

    public JsonTokenType Token(int node) => _tokens[_base + node];

    /// <summary>
    /// The node's text: a string's content (unescaped, which copies only when the JSON had escapes), or a number,
    /// literal, object or array as written.
    /// </summary>
    public ReadOnlySpan<byte> Text(int node)
    {
        var raw = _json.Span.Slice(_starts[_base + node], _lengths[_base + node]);
        return _tokens[_base + node] == JsonTokenType.String && _escaped[_base + node] ? Unescape(raw) : raw;
    }

    /// <summary>The node's value as JSON (strings with their quotes), for reading further into it.</summary>
    public ReadOnlySpan<byte> RawValue(int node) =>
        _tokens[_base + node] == JsonTokenType.String ? _json.Span.Slice(_starts[_base + node] - 1, _lengths[_base + node] + 2) : _json.Span.Slice(_starts[_base + node], _lengths[_base + node]);

    /// <summary>Where the node's value starts in the event's bytes (after the quote, for a string).</summary>
    public int Start(int node) => _starts[_base + node];

    public string? String(int node) => _tokens[_base + node] == JsonTokenType.String ? Encoding.UTF8.GetString(Text(node)) : null;

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
        _tokens[_base + node] = token;
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
                _starts[_base + node] = start;
                _lengths[_base + node] = (int)reader.BytesConsumed - start;
                break;
            case JsonTokenType.StartArray:
                var arrayStart = (int)reader.TokenStartIndex;
                reader.Skip();
                _starts[_base + node] = arrayStart;
                _lengths[_base + node] = (int)reader.BytesConsumed - arrayStart;
                break;
            case JsonTokenType.String:
                _starts[_base + node] = (int)reader.TokenStartIndex + 1;
                _lengths[_base + node] = reader.ValueSpan.Length;
                _escaped[_base + node] = reader.ValueIsEscaped;
                break;
            default:
                _starts[_base + node] = (int)reader.TokenStartIndex;
                _lengths[_base + node] = reader.ValueSpan.Length;
                break;
        }
    }

    private int FindEscaped(ref Utf8JsonReader reader, int node)
    {
        var name = Encoding.UTF8.GetBytes(reader.GetString()!);
        return shape.Find(node, name);
    }
}

/// <summary>The notes of many events, one run of slots per event, for views that move between them.</summary>
internal sealed class SlotTable(int nodes, int entries)
{
    public int Entries => entries;

    public JsonTokenType[] Tokens { get; } = new JsonTokenType[nodes * entries];

    public int[] Starts { get; } = new int[nodes * entries];

    public int[] Lengths { get; } = new int[nodes * entries];

    public bool[] Escaped { get; } = new bool[nodes * entries];
}
