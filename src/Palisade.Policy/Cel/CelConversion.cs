using System.Globalization;
using Palisade.Core.Yaml;

namespace Palisade.Policy.Cel;

/// <summary>
/// Kubernetes objects as CEL values: mappings become maps, sequences lists, and plain scalars are typed the way the
/// API server's YAML decoder (YAML 1.1 through JSON) types them: null, bool, int, double, otherwise string. A quoted
/// scalar is always a string. A field set to null is left out, as the API server's decoding leaves it out, so
/// has() and optional selection see it absent.
/// </summary>
public static class CelConversion
{
    public static object? FromYaml(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMapping mapping:
                var map = new CelMap();
                foreach (var entry in mapping.Entries)
                {
                    if (entry.Value is YamlScalar { IsNull: true })
                    {
                        continue;
                    }
                    // A repeated key is refused by the reader; the first one wins should one get through. Nested
                    // objects are converted when first read: policies look at a few fields of large objects.
                    map.TryAdd(entry.Key.Value, entry.Value is YamlScalar scalar ? Scalar(scalar) : new CelLazy(() => FromYaml(entry.Value)));
                }
                return map;
            case YamlSequence sequence:
                var list = new List<object?>(sequence.Items.Count);
                foreach (var item in sequence.Items)
                {
                    list.Add(FromYaml(item));
                }
                return list;
            case YamlScalar scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static object? Scalar(YamlScalar scalar)
    {
        if (!scalar.IsPlain)
        {
            return scalar.Value;
        }
        if (scalar.IsNull)
        {
            return null;
        }
        if (scalar.AsBool is { } b)
        {
            return b;
        }
        var text = scalar.Value;
        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.'))
        {
            return text;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }
        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return hex;
        }
        if (text is ".inf" or "+.inf" or ".Inf" or ".INF")
        {
            return double.PositiveInfinity;
        }
        if (text is "-.inf" or "-.Inf" or "-.INF")
        {
            return double.NegativeInfinity;
        }
        if (text is ".nan" or ".NaN" or ".NAN")
        {
            return double.NaN;
        }
        return text.Any(c => c is '.' or 'e' or 'E') && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? real : text;
    }

    /// <summary>Plain .NET values (strings, numbers, lists, dictionaries) as CEL values, for variables built in code.</summary>
    public static object? From(object? value) => value switch
    {
        null => null,
        int i => (long)i,
        CelMap or IReadOnlyList<object?> => value,
        IEnumerable<KeyValuePair<string, object?>> pairs => MapOf(pairs),
        IEnumerable<string> strings => strings.Select(s => (object?)s).ToList(),
        _ => value,
    };

    private static CelMap MapOf(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var map = new CelMap();
        foreach (var (key, value) in pairs)
        {
            map.TryAdd(key, From(value));
        }
        return map;
    }
}
