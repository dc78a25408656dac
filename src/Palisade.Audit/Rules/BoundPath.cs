using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Rules;

/// <summary>Receives the values a path reaches; returning true stops the walk.</summary>
public interface IValueVisitor
{
    /// <summary>A value: its token, and its text (a string's unescaped content; anything else as written).</summary>
    bool Visit(JsonTokenType token, ReadOnlySpan<byte> text);

    /// <summary>An object key reached by "{}", unescaped UTF-8.</summary>
    bool VisitKey(ReadOnlySpan<byte> key);
}

/// <summary>
/// A <see cref="FieldPath"/> resolved against an <see cref="EventShape"/>: the node its property names lead to and
/// the steps left to walk (arrays, wildcards, keys), walked by re-reading only that node's bytes, without a document.
/// </summary>
public sealed record BoundPath(FieldPath Path, int Node, IReadOnlyList<PathStep> Rest)
{
    /// <summary>Whether the visitor accepts any value the path reaches in the event.</summary>
    public bool Any(EventView view, IValueVisitor visitor)
    {
        if (!view.Has(Node))
        {
            return false;
        }
        if (Rest.Count == 0)
        {
            return visitor.Visit(view.Token(Node), view.Text(Node));
        }
        var token = view.Token(Node);
        if (token is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return false;
        }
        var json = view.RawValue(Node);
        // The event was scanned with this depth limit; a value inside it can be no deeper.
        var reader = new Utf8JsonReader(json, EventView.ReaderOptions);
        reader.Read();
        return Walk(json, ref reader, 0, visitor);
    }

    /// <summary>The first value the path reaches as text, or null when it reaches none or only JSON null.</summary>
    public string? FirstText(EventView view)
    {
        var first = new FirstValue();
        return Any(view, first) ? first.Text : null;
    }

    /// <summary>Visits what the remaining steps reach from the reader's current value, which it always reads to its end.</summary>
    private bool Walk(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, int index, IValueVisitor visitor)
    {
        if (index == Rest.Count)
        {
            return VisitCurrent(json, ref reader, visitor);
        }
        var step = Rest[index];
        var token = reader.TokenType;
        if ((step.Kind == StepKind.EachItem && token != JsonTokenType.StartArray) || (step.Kind != StepKind.EachItem && token != JsonTokenType.StartObject))
        {
            reader.Skip();
            return false;
        }
        var closing = token == JsonTokenType.StartArray ? JsonTokenType.EndArray : JsonTokenType.EndObject;
        while (reader.Read() && reader.TokenType != closing)
        {
            switch (step.Kind)
            {
                case StepKind.EachItem:
                    if (Walk(json, ref reader, index + 1, visitor))
                    {
                        return true;
                    }
                    break;
                case StepKind.Keys:
                    if (visitor.VisitKey(reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan))
                    {
                        return true;
                    }
                    reader.Read();
                    reader.Skip();
                    break;
                case StepKind.EachValue:
                    reader.Read();
                    if (Walk(json, ref reader, index + 1, visitor))
                    {
                        return true;
                    }
                    break;
                default:
                    var named = reader.ValueTextEquals(step.Utf8Name);
                    reader.Read();
                    if (!named)
                    {
                        reader.Skip();
                    }
                    else if (Walk(json, ref reader, index + 1, visitor))
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    private static bool VisitCurrent(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, IValueVisitor visitor)
    {
        var token = reader.TokenType;
        if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            return visitor.Visit(token, json[start..(int)reader.BytesConsumed]);
        }
        if (token == JsonTokenType.String && reader.ValueIsEscaped)
        {
            return visitor.Visit(token, Encoding.UTF8.GetBytes(reader.GetString()!));
        }
        return visitor.Visit(token, reader.ValueSpan);
    }

    private sealed class FirstValue : IValueVisitor
    {
        public string? Text { get; private set; }

        public bool Visit(JsonTokenType token, ReadOnlySpan<byte> text)
        {
            if (token == JsonTokenType.Null)
            {
                return false;
            }
            Text = Encoding.UTF8.GetString(text);
            return true;
        }

        public bool VisitKey(ReadOnlySpan<byte> key)
        {
            Text = Encoding.UTF8.GetString(key);
            return true;
        }
    }
}
