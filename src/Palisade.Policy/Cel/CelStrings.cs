using System.Text;

namespace Palisade.Policy.Cel;

/// <summary>
/// The strings extension Kubernetes enables (charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split,
/// substring, trim, join, reverse, strings.quote), indexing by code point as the extension defines.
/// </summary>
internal static class CelStrings
{
    public static object? Invoke(string function, bool member, object?[] all) => (function, member, all) switch
    {
        ("charAt", true, [string s, long i]) => CharAt(Runes(s), i),
        ("indexOf", true, [string s, string part]) => IndexOf(Runes(s), Runes(part), 0),
        ("indexOf", true, [string s, string part, long start]) => IndexOf(Runes(s), Runes(part), start),
        ("lastIndexOf", true, [string s, string part]) => LastIndexOf(Runes(s), Runes(part), null),
        ("lastIndexOf", true, [string s, string part, long start]) => LastIndexOf(Runes(s), Runes(part), start),
        ("lowerAscii", true, [string s]) => string.Create(s.Length, s, (span, text) => { for (var i = 0; i < text.Length; i++) { span[i] = char.IsAsciiLetterUpper(text[i]) ? (char)(text[i] + 32) : text[i]; } }),
        ("upperAscii", true, [string s]) => string.Create(s.Length, s, (span, text) => { for (var i = 0; i < text.Length; i++) { span[i] = char.IsAsciiLetterLower(text[i]) ? (char)(text[i] - 32) : text[i]; } }),
        ("replace", true, [string s, string old, string replacement]) => Replace(s, old, replacement, -1),
        ("replace", true, [string s, string old, string replacement, long n]) => Replace(s, old, replacement, n),
        ("split", true, [string s, string separator]) => Split(s, separator, -1),
        ("split", true, [string s, string separator, long n]) => Split(s, separator, n),
        ("substring", true, [string s, long start]) => Substring(Runes(s), start, null),
        ("substring", true, [string s, long start, long end]) => Substring(Runes(s), start, end),
        ("trim", true, [string s]) => s.Trim(),
        ("join", true, [IReadOnlyList<object?> list]) => Join(list, ""),
        ("join", true, [IReadOnlyList<object?> list, string separator]) => Join(list, separator),
        ("reverse", true, [string s]) => string.Concat(Runes(s).Reverse().Select(r => r.ToString())),
        ("strings.quote", false, [string s]) => Quote(s),
        ("format", true, [string template, IReadOnlyList<object?> args]) => CelFormat.Format(template, args),
        ("base64.encode", false, [CelBytes b]) => Convert.ToBase64String(b.Value),
        ("base64.decode", false, [string s]) => Base64Decode(s),
        _ => null,
    };

    /// <summary>Padded or unpadded standard base64, as the encoders extension accepts.</summary>
    private static object Base64Decode(string s)
    {
        var padded = s.Length % 4 == 0 ? s : s + new string('=', 4 - (s.Length % 4));
        try
        {
            return new CelBytes(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            return new CelError("base64.decode(): not base64 text");
        }
    }

    private static Rune[] Runes(string s) => [.. s.EnumerateRunes()];

    private static string Text(IEnumerable<Rune> runes) => string.Concat(runes.Select(r => r.ToString()));

    private static object CharAt(Rune[] s, long i) =>
        i < 0 || i > s.Length ? new CelError($"index out of range: {i}") : i == s.Length ? "" : s[i].ToString();

    private static object IndexOf(Rune[] s, Rune[] part, long start)
    {
        if (start < 0 || start > s.Length)
        {
            return new CelError($"index out of range: {start}");
        }
        for (var i = (int)start; i + part.Length <= s.Length; i++)
        {
            if (s.AsSpan(i, part.Length).SequenceEqual(part))
            {
                return (long)i;
            }
        }
        return -1L;
    }

    private static object LastIndexOf(Rune[] s, Rune[] part, long? start)
    {
        var from = start ?? s.Length;
        if (from < 0 || from > s.Length)
        {
            return new CelError($"index out of range: {from}");
        }
        for (var i = (int)Math.Min(from, s.Length - part.Length); i >= 0; i--)
        {
            if (s.AsSpan(i, part.Length).SequenceEqual(part))
            {
                return (long)i;
            }
        }
        return -1L;
    }

    private static string Replace(string s, string old, string replacement, long n)
    {
        if (n == 0)
        {
            return s;
        }
        if (old.Length == 0)
        {
            // Go's semantics: the replacement goes before every code point and at the end, n times at most.
            var runes = Runes(s);
            var result = new StringBuilder();
            long done = 0;
            for (var i = 0; i <= runes.Length; i++)
            {
                if (n < 0 || done < n)
                {
                    result.Append(replacement);
                    done++;
                }
                if (i < runes.Length)
                {
                    result.Append(runes[i].ToString());
                }
            }
            return result.ToString();
        }
        var output = new StringBuilder();
        var position = 0;
        long count = 0;
        while ((n < 0 || count < n) && s.IndexOf(old, position, StringComparison.Ordinal) is >= 0 and var found)
        {
            output.Append(s, position, found - position).Append(replacement);
            position = found + old.Length;
            count++;
        }
        return output.Append(s, position, s.Length - position).ToString();
    }

    private static List<object?> Split(string s, string separator, long n)
    {
        if (n == 0)
        {
            return [];
        }
        if (n == 1)
        {
            return [s];
        }
        if (separator.Length == 0)
        {
            var runes = Runes(s).Select(r => (object?)r.ToString()).ToList();
            if (n > 0 && runes.Count > n)
            {
                return [.. runes.Take((int)n - 1), Text(Runes(s).Skip((int)n - 1))];
            }
            return runes;
        }
        var parts = n < 0 ? s.Split(separator) : s.Split(separator, (int)Math.Min(n, int.MaxValue));
        return [.. parts.Select(p => (object?)p)];
    }

    private static object Substring(Rune[] s, long start, long? end)
    {
        var stop = end ?? s.Length;
        if (start < 0 || start > s.Length || stop < 0 || stop > s.Length)
        {
            return new CelError($"index out of range: {(start < 0 || start > s.Length ? start : stop)}");
        }
        return start > stop ? new CelError($"invalid substring range. start: {start}, end: {stop}") : Text(s[(int)start..(int)stop]);
    }

    private static object Join(IReadOnlyList<object?> list, string separator) =>
        list.All(item => item is string) ? string.Join(separator, list.Cast<string>()) : new CelError("join() needs a list of strings");

    private static string Quote(string s)
    {
        var quoted = new StringBuilder("\"");
        foreach (var rune in s.EnumerateRunes())
        {
            quoted.Append(rune.Value switch
            {
                7 => "\\a",
                8 => "\\b",
                12 => "\\f",
                10 => "\\n",
                13 => "\\r",
                9 => "\\t",
                11 => "\\v",
                '\\' => "\\\\",
                '"' => "\\\"",
                _ => rune.ToString(),
            });
        }
        return quoted.Append('"').ToString();
    }
}
