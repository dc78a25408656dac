using System.Globalization;

namespace Palisade.Policy.Cel;

/// <summary>
/// A Kubernetes resource quantity ("500m", "1.5Gi", "2e3"): a signed decimal number with a binary-SI, decimal-SI or
/// exponent suffix, equal to another quantity of the same value whatever its spelling.
/// </summary>
public sealed class CelQuantity(decimal value, string text) : ICelObject
{
    private static readonly Dictionary<string, decimal> Suffixes = new(StringComparer.Ordinal)
    {
        [""] = 1m, ["n"] = 0.000000001m, ["u"] = 0.000001m, ["m"] = 0.001m, ["k"] = 1e3m, ["M"] = 1e6m, ["G"] = 1e9m,
        ["T"] = 1e12m, ["P"] = 1e15m, ["E"] = 1e18m, ["Ki"] = 1024m, ["Mi"] = 1048576m, ["Gi"] = 1073741824m,
        ["Ti"] = 1099511627776m, ["Pi"] = 1125899906842624m, ["Ei"] = 1152921504606846976m,
    };

    public decimal Value { get; } = value;

    public string Text { get; } = text;

    public CelType Type => new("kubernetes.Quantity");

    public bool IsInteger => Value == decimal.Truncate(Value) && Value >= long.MinValue && Value <= long.MaxValue;

    /// <summary>The quantity, or null when the text is not one (as resource.ParseQuantity decides).</summary>
    public static CelQuantity? Parse(string text)
    {
        if (text.Length is 0 or > 128)
        {
            return null;
        }
        var end = 0;
        if (end < text.Length && text[end] is '+' or '-')
        {
            end++;
        }
        var digitsStart = end;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }
        var number = text[..end];
        if (end == digitsStart || number.Count(c => c == '.') > 1 || number[digitsStart..] == ".")
        {
            return null;
        }
        if (!decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var mantissa))
        {
            return null;
        }
        var suffix = text[end..];
        try
        {
            if (Suffixes.TryGetValue(suffix, out var multiplier))
            {
                return new CelQuantity(mantissa * multiplier, text);
            }
            if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
                && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent)
                && exponent is >= -28 and <= 28)
            {
                var scaled = mantissa;
                for (var i = 0; i < Math.Abs(exponent); i++)
                {
                    scaled = exponent > 0 ? scaled * 10 : scaled / 10;
                }
                return new CelQuantity(scaled, text);
            }
        }
        catch (OverflowException)
        {
        }
        return null;
    }

    public object Plus(decimal other)
    {
        try
        {
            var sum = Value + other;
            return new CelQuantity(sum, sum.ToString(CultureInfo.InvariantCulture));
        }
        catch (OverflowException)
        {
            return new CelError("quantity overflow");
        }
    }

    public override bool Equals(object? obj) => obj is CelQuantity other && other.Value == Value;

    public override int GetHashCode() => Value.GetHashCode();
}
