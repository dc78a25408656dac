using System.Globalization;
using Palisade.Nodes.Benchmarks;

namespace Palisade.Nodes.Inspection;

/// <summary>The comparison operators of the benchmark schema, over setting values.</summary>
public static class Expectations
{
    public static bool Holds(Expectation expect, string? value) => expect.Op switch
    {
        ExpectOperator.Present => value is not null,
        ExpectOperator.Absent => value is null,
        ExpectOperator.Equals => value is not null && expect.Values.Any(v => Same(v, value)),
        ExpectOperator.NotEquals => value is null || !expect.Values.Any(v => Same(v, value)),
        ExpectOperator.Contains => value is not null && expect.Values.All(v => Items(value).Contains(v)),
        ExpectOperator.NotContains => value is null || !expect.Values.Any(v => Items(value).Contains(v)),
        ExpectOperator.GreaterOrEqual => value is not null && Number(value) is { } n && Number(expect.Values[0]) is { } min && n >= min,
        _ => throw new InvalidOperationException($"{expect.Op} does not apply to settings"),
    };

    public static string Describe(Expectation expect) => expect.Op switch
    {
        ExpectOperator.Present => "must be set",
        ExpectOperator.Absent => "must not be set",
        ExpectOperator.Equals => $"must be {string.Join(" or ", expect.Values)}",
        ExpectOperator.NotEquals => $"must not be {string.Join(" or ", expect.Values)}",
        ExpectOperator.Contains => $"must include {string.Join(", ", expect.Values)}",
        ExpectOperator.NotContains => $"must not include {string.Join(", ", expect.Values)}",
        ExpectOperator.GreaterOrEqual => $"must be at least {expect.Values[0]}",
        ExpectOperator.PermissionsAtMost => $"permissions must be {expect.Values[0]} or stricter",
        ExpectOperator.Owner => $"owner must be {expect.Values[0]}",
        _ => expect.Op.ToString(),
    };

    /// <summary>Booleans and durations compare by meaning: "True" is true, "0s" is 0.</summary>
    private static bool Same(string expected, string actual) =>
        string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase)
        || (Duration(expected) is { } a && Duration(actual) is { } b && a == b);

    private static IEnumerable<string> Items(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static double? Number(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : Duration(value)?.TotalSeconds;

    /// <summary>Go durations such as 4h0m0s, 5m, 300s or a bare 0.</summary>
    private static TimeSpan? Duration(string value)
    {
        if (value == "0")
        {
            return TimeSpan.Zero;
        }
        var total = TimeSpan.Zero;
        var number = "";
        var matched = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsDigit(c) || c == '.')
            {
                number += c;
                continue;
            }
            if (number.Length == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }
            var unit = c == 'm' && i + 1 < value.Length && value[i + 1] == 's' ? "ms" : c.ToString();
            i += unit.Length - 1;
            total += unit switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                _ => TimeSpan.MinValue,
            };
            if (total < TimeSpan.Zero)
            {
                return null;
            }
            number = "";
            matched = true;
        }
        return matched && number.Length == 0 ? total : null;
    }
}
