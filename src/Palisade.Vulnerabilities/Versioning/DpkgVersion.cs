namespace Palisade.Vulnerabilities.Versioning;

/// <summary>Debian package versions, [epoch:]upstream[-revision], ordered as dpkg --compare-versions orders them.</summary>
public sealed class DpkgVersion : IVersionScheme
{
    public string Name => "dpkg";

    public bool IsValid(string version) => TryParse(version, out _);

    public int Compare(string a, string b)
    {
        if (!TryParse(a, out var x) || !TryParse(b, out var y))
        {
            throw new FormatException($"not a valid Debian version: '{(TryParse(a, out _) ? b : a)}'");
        }
        var byEpoch = x.Epoch.CompareTo(y.Epoch);
        if (byEpoch != 0)
        {
            return byEpoch;
        }
        var byUpstream = CompareFragment(x.Upstream, y.Upstream);
        return byUpstream != 0 ? byUpstream : CompareFragment(x.Revision, y.Revision);
    }

    private readonly record struct Parts(long Epoch, string Upstream, string Revision);

    private static bool TryParse(string text, out Parts parts)
    {
        parts = default;
        var version = text.Trim();
        long epoch = 0;
        var colon = version.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var epochText = version[..colon];
            if (epochText.Length == 0 || !epochText.All(char.IsAsciiDigit) || !long.TryParse(epochText, out epoch))
            {
                return false;
            }
            version = version[(colon + 1)..];
        }
        var dash = version.LastIndexOf('-');
        var upstream = dash >= 0 ? version[..dash] : version;
        var revision = dash >= 0 ? version[(dash + 1)..] : "";
        if (upstream.Length == 0 || !char.IsAsciiDigit(upstream[0]) || (dash >= 0 && revision.Length == 0))
        {
            return false;
        }
        if (!upstream.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~' or '-' or ':')
            || !revision.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '~'))
        {
            return false;
        }
        parts = new Parts(epoch, upstream, revision);
        return true;
    }

    /// <summary>dpkg's verrevcmp: alternating non-digit runs (by <see cref="Order"/>) and numeric runs.</summary>
    public static int CompareFragment(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var firstDiff = 0;
            while ((i < a.Length && !char.IsAsciiDigit(a[i])) || (j < b.Length && !char.IsAsciiDigit(b[j])))
            {
                var ac = i < a.Length ? Order(a[i]) : 0;
                var bc = j < b.Length ? Order(b[j]) : 0;
                if (ac != bc)
                {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < a.Length && a[i] == '0')
            {
                i++;
            }
            while (j < b.Length && b[j] == '0')
            {
                j++;
            }
            while (i < a.Length && char.IsAsciiDigit(a[i]) && j < b.Length && char.IsAsciiDigit(b[j]))
            {
                if (firstDiff == 0)
                {
                    firstDiff = a[i] - b[j];
                }
                i++;
                j++;
            }
            if (i < a.Length && char.IsAsciiDigit(a[i]))
            {
                return 1;
            }
            if (j < b.Length && char.IsAsciiDigit(b[j]))
            {
                return -1;
            }
            if (firstDiff != 0)
            {
                return firstDiff;
            }
        }
        return 0;
    }

    /// <summary>~ sorts before the end of a part, letters before everything else.</summary>
    private static int Order(char c) => c switch
    {
        '~' => -1,
        _ when char.IsAsciiDigit(c) => 0,
        _ when char.IsAsciiLetter(c) => c,
        _ => c + 256,
    };
}
