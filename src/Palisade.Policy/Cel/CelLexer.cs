using System.Globalization;
using System.Text;

namespace Palisade.Policy.Cel;

/// <summary>Splits a CEL expression into tokens, per the language definition's lexical grammar.</summary>
public static class CelLexer
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static List<CelToken> Tokenize(string text)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && (char.IsWhiteSpace(text[i]) || (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')))
            {
                if (text[i] == '/')
                {
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }
                }
                else
                {
                    i++;
                }
            }
            if (i >= text.Length)
            {
                tokens.Add(new CelToken(TokenKind.End, "", null, i));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(Number(text, ref i));
                continue;
            }
            if (IsQuote(c) || (i + 1 < text.Length && "rRbB".Contains(c) && (IsQuote(text[i + 1]) || (i + 2 < text.Length && "rRbB".Contains(text[i + 1]) && char.ToLowerInvariant(text[i + 1]) != char.ToLowerInvariant(c) && IsQuote(text[i + 2])))))
            {
                tokens.Add(StringLiteral(text, ref i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new CelToken(TokenKind.Identifier, text[start..i], null, start));
                continue;
            }
            if (c == '`')
            {
                // Quoted field names (`content-type`) in selections.
                var end = text.IndexOf('`', i + 1);
                if (end < 0)
                {
                    throw new CelSyntaxException("unterminated quoted identifier", start);
                }
                tokens.Add(new CelToken(TokenKind.Identifier, text[(i + 1)..end], "quoted", start));
                i = end + 1;
                continue;
            }
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                ?? throw new CelSyntaxException($"unexpected character '{c}'", start);
            tokens.Add(new CelToken(TokenKind.Punctuation, op, null, start));
            i += op.Length;
        }
    }

    private static bool IsQuote(char c) => c is '"' or '\'';

    private static CelToken Number(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && Uri.IsHexDigit(text[i]))
            {
                i++;
            }
            var hex = text[(start + 2)..i];
            if (i < text.Length && text[i] is 'u' or 'U')
            {
                i++;
                return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u)
                    ? new CelToken(TokenKind.Uint, text[start..i], u, start) : throw new CelSyntaxException("uint literal out of range", start);
            }
            return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h)
                ? new CelToken(TokenKind.Int, text[start..i], h, start) : throw new CelSyntaxException("int literal out of range", start);
        }
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        var isDouble = false;
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var mark = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            if (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                isDouble = true;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }
            }
            else
            {
                i = mark;
            }
        }
        var literal = text[start..i];
        if (isDouble)
        {
            return new CelToken(TokenKind.Double, literal, double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture), start);
        }
        if (i < text.Length && text[i] is 'u' or 'U')
        {
            i++;
            return ulong.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var u)
                ? new CelToken(TokenKind.Uint, text[start..i], u, start) : throw new CelSyntaxException("uint literal out of range", start);
        }
        // Kept unsigned here: -9223372036854775808 is only valid after the parser applies the minus.
        return ulong.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? new CelToken(TokenKind.Int, literal, value, start) : throw new CelSyntaxException("int literal out of range", start);
    }

    private static CelToken StringLiteral(string text, ref int i)
    {
        var start = i;
        bool raw = false, bytes = false;
        while (text[i] is 'r' or 'R' or 'b' or 'B')
        {
            raw |= text[i] is 'r' or 'R';
            bytes |= text[i] is 'b' or 'B';
            i++;
        }
        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        var delimiter = triple ? new string(quote, 3) : quote.ToString();
        i += delimiter.Length;
        var content = new List<byte>();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new CelSyntaxException("unterminated string", start);
            }
            if (string.CompareOrdinal(text, i, delimiter, 0, delimiter.Length) == 0)
            {
                i += delimiter.Length;
                break;
            }
            var c = text[i];
            if (!triple && c is '\n' or '\r')
            {
                throw new CelSyntaxException("newline in a single-line string", i);
            }
            if (c != '\\' || raw)
            {
                var rune = Rune.GetRuneAt(text, i);
                content.AddRange(Encoding.UTF8.GetBytes(rune.ToString()));
                i += rune.Utf16SequenceLength;
                continue;
            }
            i++;
            Escape(text, ref i, bytes, content, start);
        }
        var value = content.ToArray();
        if (bytes)
        {
            return new CelToken(TokenKind.Bytes, text[start..i], value, start);
        }
        try
        {
            return new CelToken(TokenKind.String, text[start..i], new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value), start);
        }
        catch (DecoderFallbackException)
        {
            throw new CelSyntaxException("string literal is not valid UTF-8 (use a bytes literal)", start);
        }
    }

    private static void Escape(string text, ref int i, bool bytes, List<byte> content, int start)
    {
        if (i >= text.Length)
        {
            throw new CelSyntaxException("unterminated escape", start);
        }
        var e = text[i++];
        switch (e)
        {
            case 'a': content.Add(7); return;
            case 'b': content.Add(8); return;
            case 'f': content.Add(12); return;
            case 'n': content.Add(10); return;
            case 'r': content.Add(13); return;
            case 't': content.Add(9); return;
            case 'v': content.Add(11); return;
            case '\\' or '?' or '"' or '\'' or '`': content.Add((byte)e); return;
            case 'x' or 'X':
                AddCode(Digits(text, ref i, 2, 16, start), bytes, content, start);
                return;
            case 'u' or 'U':
                if (bytes)
                {
                    throw new CelSyntaxException("\\u escapes are not allowed in bytes literals", start);
                }
                AddCode(Digits(text, ref i, e == 'u' ? 4 : 8, 16, start), false, content, start);
                return;
            case >= '0' and <= '3':
                i--;
                AddCode(Digits(text, ref i, 3, 8, start), bytes, content, start);
                return;
            default:
                throw new CelSyntaxException($"invalid escape '\\{e}'", start);
        }
    }

    private static int Digits(string text, ref int i, int count, int radix, int start)
    {
        if (i + count > text.Length)
        {
            throw new CelSyntaxException("truncated escape", start);
        }
        var digits = text.Substring(i, count);
        i += count;
        try
        {
            return Convert.ToInt32(digits, radix);
        }
        catch (FormatException)
        {
            throw new CelSyntaxException($"invalid escape digits '{digits}'", start);
        }
    }

    /// <summary>In bytes a code is one byte; in strings it is a code point, written as UTF-8.</summary>
    private static void AddCode(int code, bool bytes, List<byte> content, int start)
    {
        if (bytes)
        {
            content.Add((byte)code);
            return;
        }
        if (code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            throw new CelSyntaxException("escape is not a valid code point", start);
        }
        content.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(code)));
    }
}
