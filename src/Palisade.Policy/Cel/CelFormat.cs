using System.Globalization;
using System.Text;

namespace Palisade.Policy.Cel;

/// <summary>The strings extension's format(): %s %d %f %e %b %o %x %X and %%, with an optional precision for %f and %e.</summary>
internal static class CelFormat
{
    public static object Format(string template, IReadOnlyList<object?> args)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '%')
            {
                output.Append(template[i]);
                continue;
            }
            if (++i >= template.Length)
            {
                return new CelError("format: a '%' at the end of the string");
            }
            if (template[i] == '%')
            {
                output.Append('%');
                continue;
            }
            int? precision = null;
            if (template[i] == '.')
            {
                var start = ++i;
                while (i < template.Length && char.IsAsciiDigit(template[i]))
                {
                    i++;
                }
                if (i == start || i >= template.Length)
                {
                    return new CelError("format: a precision needs digits and a verb");
                }
                precision = int.Parse(template.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            }
            if (next >= args.Count)
            {
                return new CelError($"format: index {next} out of range: only {args.Count} argument(s)");
            }
            var formatted = Verb(template[i], precision, args[next++]);
            if (formatted is CelError)
            {
                return formatted;
            }
            output.Append((string)formatted);
        }
        return output.ToString();
    }

    private static object Verb(char verb, int? precision, object? arg) => (verb, arg) switch
    {
        ('s', _) => Text(arg),
        ('d', long l) => l.ToString(CultureInfo.InvariantCulture),
        ('d', ulong u) => u.ToString(CultureInfo.InvariantCulture),
        ('d', double d) when !double.IsFinite(d) => Special(d),
        ('f', long or ulong or double) => Fixed(ToDouble(arg), precision ?? 6),
        ('e', long or ulong or double) => Scientific(ToDouble(arg), precision ?? 6),
        ('b', long l) => Signed(l, v => Convert.ToString((long)v, 2)),
        ('b', ulong u) => Unsigned(u, 2),
        ('b', bool b) => b ? "1" : "0",
        ('o', long l) => Signed(l, v => Convert.ToString((long)v, 8)),
        ('o', ulong u) => Unsigned(u, 8),
        ('x' or 'X', long l) => Case(verb, Signed(l, v => v.ToString("x", CultureInfo.InvariantCulture))),
        ('x' or 'X', ulong u) => Case(verb, u.ToString("x", CultureInfo.InvariantCulture)),
        ('x' or 'X', string s) => Case(verb, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(s))),
        ('x' or 'X', CelBytes b) => Case(verb, Convert.ToHexStringLower(b.Value)),
        ('s' or 'd' or 'f' or 'e' or 'b' or 'o' or 'x' or 'X', _) => new CelError($"format: %{verb} cannot format a {CelLibrary.TypeOf(arg).Name}"),
        _ => new CelError($"format: unrecognised formatting clause '%{verb}'"),
    };

    private static double ToDouble(object? arg) => arg switch { long l => l, ulong u => u, _ => (double)arg! };

    private static string Special(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static string Fixed(double d, int precision) =>
        double.IsFinite(d) ? d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : Special(d);

    /// <summary>1.052033e+03, with the exponent in at least two digits as other CEL implementations print it.</summary>
    private static string Scientific(double d, int precision)
    {
        if (!double.IsFinite(d))
        {
            return Special(d);
        }
        var text = d.ToString("e" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('e', StringComparison.Ordinal);
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return $"{text[..e]}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    private static string Signed(long value, Func<ulong, string> digits) =>
        value < 0 ? "-" + digits(value == long.MinValue ? 9223372036854775808UL : (ulong)-value) : digits((ulong)value);

    private static string Unsigned(ulong value, int radix)
    {
        if (value == 0)
        {
            return "0";
        }
        var text = new StringBuilder();
        while (value > 0)
        {
            text.Insert(0, (char)('0' + (int)(value % (ulong)radix)));
            value /= (ulong)radix;
        }
        return text.ToString();
    }

    private static string Case(char verb, string hex) => verb == 'X' ? hex.ToUpperInvariant() : hex;

    /// <summary>%s: text as it reads, containers element by element, map entries ordered by their keys' text.</summary>
    private static object Text(object? arg)
    {
        switch (arg)
        {
            case null:
                return "null";
            case double d when !double.IsFinite(d):
                return Special(d);
            case IReadOnlyList<object?> list:
                var items = new List<string>();
                foreach (var item in list)
                {
                    if (Text(item) is not string text)
                    {
                        return Text(item);
                    }
                    items.Add(text);
                }
                return "[" + string.Join(", ", items) + "]";
            case CelMap map:
                var entries = new List<(string Key, string Value)>();
                foreach (var (key, value) in map.Entries)
                {
                    if (Text(key) is not string k || Text(value) is not string v)
                    {
                        return new CelError("format: a map entry cannot be formatted");
                    }
                    entries.Add((k, v));
                }
                return "{" + string.Join(", ", entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}: {e.Value}")) + "}";
            default:
                return CelLibrary.Invoke("string", false, null, [arg]) is string s ? s : new CelError($"format: %s cannot format a {CelLibrary.TypeOf(arg).Name}");
        }
    }
}
