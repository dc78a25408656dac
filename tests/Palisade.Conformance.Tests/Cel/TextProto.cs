using System.Globalization;
using System.Text;

namespace Palisade.Conformance.Tests.Cel;

/// <summary>A protocol-buffer text-format message as a tree: field names with their values (scalars, or nested messages).</summary>
internal sealed class ProtoNode
{
    public List<(string Name, object Value)> Fields { get; } = [];

    public IEnumerable<object> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value);

    public object? One(string name) => All(name).FirstOrDefault();

    public ProtoNode? Node(string name) => One(name) as ProtoNode;

    public string? Text(string name) => One(name) is Scalar s ? s.Text : null;
}

/// <summary>A scalar as written; quoted strings are decoded to bytes held one per char (Latin-1), so bytes survive.</summary>
internal sealed record Scalar(string Text);

/// <summary>Reads the text format the conformance files are written in (fields, nested messages, lists, escapes, comments).</summary>
internal sealed class TextProtoReader(string text)
{
    private int _i;

    public ProtoNode ReadMessage(char? close = null)
    {
        var node = new ProtoNode();
        while (true)
        {
            SkipSpace();
            if (_i >= text.Length)
            {
                return close is null ? node : throw new FormatException("unexpected end of the message");
            }
            if (close is not null && text[_i] == close)
            {
                _i++;
                return node;
            }
            var name = Identifier();
            SkipSpace();
            if (text[_i] == ':')
            {
                _i++;
                SkipSpace();
            }
            if (text[_i] == '[')
            {
                _i++;
                while (true)
                {
                    SkipSpace();
                    if (text[_i] == ']')
                    {
                        _i++;
                        break;
                    }
                    node.Fields.Add((name, Value()));
                    SkipSpace();
                    if (text[_i] == ',')
                    {
                        _i++;
                    }
                }
            }
            else
            {
                node.Fields.Add((name, Value()));
            }
            SkipSpace();
            if (_i < text.Length && text[_i] is ',' or ';')
            {
                _i++;
            }
        }
    }

    private object Value()
    {
        SkipSpace();
        switch (text[_i])
        {
            case '{':
                _i++;
                return ReadMessage('}');
            case '<':
                _i++;
                return ReadMessage('>');
            case '"' or '\'':
                var joined = new StringBuilder();
                while (_i < text.Length && text[_i] is '"' or '\'')
                {
                    joined.Append(Quoted());
                    SkipSpace();
                }
                return new Scalar(joined.ToString());
            default:
                var start = _i;
                while (_i < text.Length && !char.IsWhiteSpace(text[_i]) && text[_i] is not (',' or ';' or '}' or '>' or ']' or '#'))
                {
                    _i++;
                }
                return new Scalar(text[start.._i]);
        }
    }

    private string Quoted()
    {
        var quote = text[_i++];
        var bytes = new List<byte>();
        while (text[_i] != quote)
        {
            var c = text[_i];
            if (c != '\\')
            {
                var rune = Rune.GetRuneAt(text, _i);
                bytes.AddRange(Encoding.UTF8.GetBytes(rune.ToString()));
                _i += rune.Utf16SequenceLength;
                continue;
            }
            _i++;
            var e = text[_i++];
            switch (e)
            {
                case 'n': bytes.Add(10); break;
                case 't': bytes.Add(9); break;
                case 'r': bytes.Add(13); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'x' or 'X':
                    bytes.Add((byte)Digits(2, 16, hexOnly: true));
                    break;
                case 'u' or 'U':
                    bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(Digits(e == 'u' ? 4 : 8, 16, hexOnly: false))));
                    break;
                case >= '0' and <= '7':
                    _i--;
                    bytes.Add((byte)Digits(3, 8, hexOnly: false));
                    break;
                default:
                    bytes.Add((byte)e);
                    break;
            }
        }
        _i++;
        return Encoding.Latin1.GetString([.. bytes]);
    }

    /// <summary>Up to <paramref name="count"/> digits in <paramref name="radix"/> (hex escapes may be shorter).</summary>
    private int Digits(int count, int radix, bool hexOnly)
    {
        var start = _i;
        while (_i < text.Length && _i - start < count && (radix == 16 ? Uri.IsHexDigit(text[_i]) : text[_i] is >= '0' and <= '7'))
        {
            _i++;
        }
        if (_i == start || (!hexOnly && _i - start != count && radix == 16))
        {
            throw new FormatException($"bad escape at {start}");
        }
        return Convert.ToInt32(text[start.._i], radix);
    }

    private string Identifier()
    {
        var start = _i;
        if (text[_i] == '[')
        {
            _i = text.IndexOf(']', _i) + 1;
            return text[start.._i];
        }
        while (_i < text.Length && (char.IsLetterOrDigit(text[_i]) || text[_i] is '_' or '.'))
        {
            _i++;
        }
        return _i > start ? text[start.._i] : throw new FormatException($"field name expected at {_i}");
    }

    private void SkipSpace()
    {
        while (_i < text.Length)
        {
            if (char.IsWhiteSpace(text[_i]))
            {
                _i++;
            }
            else if (text[_i] == '#')
            {
                while (_i < text.Length && text[_i] != '\n')
                {
                    _i++;
                }
            }
            else
            {
                return;
            }
        }
    }
}
