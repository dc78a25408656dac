using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Policy.Cel;

/// <summary>A semantic version (semver.org 2.0.0) as the Kubernetes semver library reads it, ordered by precedence.</summary>
public sealed partial class CelSemver(long major, long minor, long patch, string[] prerelease, string text) : ICelObject
{
    public long Major { get; } = major;

    public long Minor { get; } = minor;

    public long Patch { get; } = patch;

    public string Text { get; } = text;

    public CelType Type => new("kubernetes.Semver");

    /// <summary>
    /// The version, or null. With <paramref name="normalize"/> a leading "v", a missing minor or patch and leading zeros
    /// are accepted, as semver(s, true) does.
    /// </summary>
    public static CelSemver? Parse(string text, bool normalize)
    {
        var input = text;
        if (normalize)
        {
            input = input.StartsWith('v') ? input[1..] : input;
            var core = Core().Match(input);
            if (!core.Success)
            {
                return null;
            }
            var parts = core.Groups["core"].Value.Split('.');
            var numbers = parts.Select(p => p.TrimStart('0') is "" ? "0" : p.TrimStart('0')).Concat(Enumerable.Repeat("0", 3 - parts.Length));
            input = string.Join('.', numbers) + input[core.Length..];
        }
        var m = Strict().Match(input);
        if (!m.Success
            || !long.TryParse(m.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !long.TryParse(m.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !long.TryParse(m.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return null;
        }
        var prerelease = m.Groups["pre"].Success ? m.Groups["pre"].Value.Split('.') : [];
        if (prerelease.Any(p => p.Length > 1 && p[0] == '0' && p.All(char.IsAsciiDigit)))
        {
            return null;
        }
        return new CelSemver(major, minor, patch, prerelease, text);
    }

    public int CompareTo(CelSemver other)
    {
        var c = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (c != 0)
        {
            return Math.Sign(c);
        }
        if (prerelease.Length == 0 || other.Prerelease.Length == 0)
        {
            // A release ranks above its pre-releases.
            return (prerelease.Length == 0).CompareTo(other.Prerelease.Length == 0);
        }
        for (var i = 0; i < Math.Min(prerelease.Length, other.Prerelease.Length); i++)
        {
            var (a, b) = (prerelease[i], other.Prerelease[i]);
            var aNumeric = a.All(char.IsAsciiDigit);
            var bNumeric = b.All(char.IsAsciiDigit);
            var part = (aNumeric, bNumeric) switch
            {
                (true, true) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(a, b),
            };
            if (part != 0)
            {
                return Math.Sign(part);
            }
        }
        return Math.Sign(prerelease.Length.CompareTo(other.Prerelease.Length));
    }

    private string[] Prerelease => prerelease;

    public override bool Equals(object? obj) => obj is CelSemver other && CompareTo(other) == 0;

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', prerelease));

    [GeneratedRegex(@"^(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Strict();

    [GeneratedRegex(@"^(?<core>[0-9]+(?:\.[0-9]+){0,2})", RegexOptions.CultureInvariant)]
    private static partial Regex Core();
}
