using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// Python package versions (PEP 440): [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], with the spelling variants the
/// specification normalises (alpha, c, pre, preview, rev, r, -N, underscores, a leading v), ordered as pip orders them.
/// </summary>
public sealed partial class Pep440Version : IVersionScheme
{
    public string Name => "pep440";

    public bool IsValid(string version) => Parse(version) is not null;

    public int Compare(string a, string b)
    {
        var x = Parse(a) ?? throw new FormatException($"not a PEP 440 version: '{a}'");
        var y = Parse(b) ?? throw new FormatException($"not a PEP 440 version: '{b}'");
        return x.CompareTo(y);
    }

    public Comparison<string> Comparison() => new ParsedVersions<Parsed>(Parse, "a PEP 440 version").Compare;

    private sealed record Parsed(BigInteger Epoch, BigInteger[] Release, (int Kind, BigInteger Number)? Pre, BigInteger? Post, BigInteger? Dev, string[] Local)
        : IComparable<Parsed>
    {
        public int CompareTo(Parsed? other)
        {
            if (other is null)
            {
                return 1;
            }
            var c = Epoch.CompareTo(other.Epoch);
            if (c != 0)
            {
                return c;
            }
            for (var i = 0; i < Math.Max(Release.Length, other.Release.Length); i++)
            {
                c = (i < Release.Length ? Release[i] : BigInteger.Zero).CompareTo(i < other.Release.Length ? other.Release[i] : BigInteger.Zero);
                if (c != 0)
                {
                    return c;
                }
            }
            c = PreKey().CompareTo(other.PreKey());
            if (c != 0)
            {
                return c;
            }
            c = (Post ?? BigInteger.MinusOne).CompareTo(other.Post ?? BigInteger.MinusOne);
            if (c != 0)
            {
                return c;
            }
            c = DevKey().CompareTo(other.DevKey());
            return c != 0 ? c : CompareLocal(Local, other.Local);
        }

        // A dev release without pre or post sorts before every pre-release; no pre-release sorts after them all.
        private (int, BigInteger) PreKey() =>
            Pre is { } pre ? pre : Post is null && Dev is not null ? (-1, BigInteger.Zero) : (3, BigInteger.Zero);

        private (int, BigInteger) DevKey() => Dev is { } dev ? (0, dev) : (1, BigInteger.Zero);

        private static int CompareLocal(string[] a, string[] b)
        {
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var an = BigInteger.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var x);
                var bn = BigInteger.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var y);
                var c = (an, bn) switch
                {
                    (true, true) => x.CompareTo(y),
                    (true, false) => 1,
                    (false, true) => -1,
                    _ => string.CompareOrdinal(a[i], b[i]),
                };
                if (c != 0)
                {
                    return Math.Sign(c);
                }
            }
            return a.Length.CompareTo(b.Length);
        }
    }

    private static Parsed? Parse(string text)
    {
        var match = Pattern().Match(text.Trim().ToLowerInvariant());
        if (!match.Success)
        {
            return null;
        }
        static BigInteger Number(Group g) => g.Success && g.Value.Length > 0 ? BigInteger.Parse(g.Value, CultureInfo.InvariantCulture) : BigInteger.Zero;
        var release = match.Groups["release"].Value.Split('.').Select(p => BigInteger.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        (int, BigInteger)? pre = match.Groups["pre_l"].Success
            ? (match.Groups["pre_l"].Value switch { "a" or "alpha" => 0, "b" or "beta" => 1, _ => 2 }, Number(match.Groups["pre_n"]))
            : null;
        BigInteger? post = match.Groups["post_n1"].Success ? Number(match.Groups["post_n1"])
            : match.Groups["post_l"].Success ? Number(match.Groups["post_n2"]) : null;
        BigInteger? dev = match.Groups["dev_l"].Success ? Number(match.Groups["dev_n"]) : null;
        var local = match.Groups["local"].Success ? match.Groups["local"].Value.Split('.', '-', '_') : [];
        return new Parsed(Number(match.Groups["epoch"]), release, pre, post, dev, local);
    }

    // The specification's own regular expression (PEP 440, appendix B), anchored.
    [GeneratedRegex(@"^\s*v?(?:(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)(?<pre>[-_\.]?(?<pre_l>alpha|a|beta|b|preview|pre|c|rc)[-_\.]?(?<pre_n>[0-9]+)?)?(?<post>(?:-(?<post_n1>[0-9]+))|(?:[-_\.]?(?<post_l>post|rev|r)[-_\.]?(?<post_n2>[0-9]+)?))?(?<dev>[-_\.]?(?<dev_l>dev)[-_\.]?(?<dev_n>[0-9]+)?)?)(?:\+(?<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$")]
    private static partial Regex Pattern();
}
