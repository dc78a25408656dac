using System.Globalization;
using System.Text;

namespace Palisade.Policy.Cel;

/// <summary>The type conversions int(), uint(), double(), string() and bool(), with CEL's range and format rules.</summary>
internal static class CelCasts
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static object? ToInt(object? a) => a switch
    {
        long l => l,
        CelTimestamp t => (long)CelTime.Split(t.Nanos).Seconds,
        ulong u => u <= long.MaxValue ? (long)u : new CelError("integer overflow converting uint to int"),
        double d => !double.IsNaN(d) && d > -9.2233720368547758E18 && d < 9.2233720368547758E18 ? (long)Math.Truncate(d) : new CelError("integer overflow converting double to int"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : new CelError($"cannot convert '{s}' to int"),
        _ => CelLibrary.NoOverload("int", [a]),
    };

    public static object? ToUint(object? a) => a switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : new CelError("integer overflow converting int to uint"),
        double d => !double.IsNaN(d) && d > -1 && d < 1.8446744073709552E19 ? (ulong)Math.Truncate(d) : new CelError("integer overflow converting double to uint"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : new CelError($"cannot convert '{s}' to uint"),
        _ => CelLibrary.NoOverload("uint", [a]),
    };

    public static object? ToDouble(object? a) => a switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => s switch
        {
            "inf" or "+inf" or "Infinity" or "+Infinity" => double.PositiveInfinity,
            "-inf" or "-Infinity" => double.NegativeInfinity,
            "nan" or "NaN" => double.NaN,
            _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : new CelError($"cannot convert '{s}' to double"),
        },
        _ => CelLibrary.NoOverload("double", [a]),
    };

    public static object? ToText(object? a)
    {
        switch (a)
        {
            case string s:
                return s;
            case long l:
                return l.ToString(CultureInfo.InvariantCulture);
            case ulong u:
                return u.ToString(CultureInfo.InvariantCulture);
            case bool b:
                return b ? "true" : "false";
            case double d:
                return FormatDouble(d);
            case CelBytes bytes:
                try
                {
                    return StrictUtf8.GetString(bytes.Value);
                }
                catch (DecoderFallbackException)
                {
                    return new CelError("bytes are not valid UTF-8");
                }
            case CelType type:
                return type.Name;
            case ICelObject o:
                return o.Text;
            default:
                return CelLibrary.NoOverload("string", [a]);
        }
    }

    /// <summary>The shortest text that reads back as the same double, in the exponent style other CEL implementations print.</summary>
    private static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }
        var exponent = int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture);
        return $"{text[..e]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
    }

    public static object? ToBool(object? a) => a switch
    {
        bool b => b,
        string s => s switch
        {
            "1" or "t" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "false" or "FALSE" or "False" => false,
            _ => new CelError($"cannot convert '{s}' to bool"),
        },
        _ => CelLibrary.NoOverload("bool", [a]),
    };
}
