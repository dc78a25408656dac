using System.Globalization;

namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// NuGet versions: up to four numbers (1.0, 1.0.0.1), an optional pre-release compared case-insensitively, build
/// metadata ignored; 1.0 equals 1.0.0 and 1.0.0.0, as NuGet's own comparer has it.
/// </summary>
public sealed class NuGetVersion : IVersionScheme
{
    public string Name => "nuget";

    public bool IsValid(string version) => Parse(version) is not null;

    public int Compare(string a, string b)
    {
        var x = Parse(a) ?? throw new FormatException($"not a NuGet version: '{a}'");
        var y = Parse(b) ?? throw new FormatException($"not a NuGet version: '{b}'");
        for (var i = 0; i < 4; i++)
        {
            var c = x.Numbers[i].CompareTo(y.Numbers[i]);
            if (c != 0)
            {
                return c;
            }
        }
        if (x.Prerelease.Length == 0 || y.Prerelease.Length == 0)
        {
            return y.Prerelease.Length.CompareTo(x.Prerelease.Length);
        }
        for (var i = 0; i < Math.Min(x.Prerelease.Length, y.Prerelease.Length); i++)
        {
            var an = long.TryParse(x.Prerelease[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m);
            var bn = long.TryParse(y.Prerelease[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n);
            var c = (an, bn) switch
            {
                (true, true) => m.CompareTo(n),
                (true, false) => -1,
                (false, true) => 1,
                _ => Math.Sign(string.Compare(x.Prerelease[i], y.Prerelease[i], StringComparison.OrdinalIgnoreCase)),
            };
            if (c != 0)
            {
                return c;
            }
        }
        return x.Prerelease.Length.CompareTo(y.Prerelease.Length);
    }

    private sealed record Parsed(long[] Numbers, string[] Prerelease);

    private static Parsed? Parse(string text)
    {
        var version = text.Trim();
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            version = version[..plus];
        }
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        var core = dash >= 0 ? version[..dash] : version;
        var prerelease = dash >= 0 ? version[(dash + 1)..].Split('.') : [];
        var parts = core.Split('.');
        if (parts.Length is < 1 or > 4 || prerelease.Any(p => p.Length == 0 || !p.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return null;
        }
        var numbers = new long[4];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }
        return new Parsed(numbers, prerelease);
    }
}
