namespace Palisade.Vulnerabilities.Versioning;

/// <summary>RPM versions, [epoch:]version[-release], ordered by rpm's rpmvercmp on each part.</summary>
public sealed class RpmVersion : IVersionScheme
{
    public string Name => "rpm";

    public bool IsValid(string version) => version.Trim().Length > 0;

    public int Compare(string a, string b)
    {
        if (!IsValid(a) || !IsValid(b))
        {
            throw new FormatException("an RPM version cannot be empty");
        }
        var (ea, va, ra) = Split(a.Trim());
        var (eb, vb, rb) = Split(b.Trim());
        var byEpoch = ea.CompareTo(eb);
        if (byEpoch != 0)
        {
            return byEpoch;
        }
        var byVersion = Segments(va, vb);
        // As rpm.vercmp: a missing release compares as an empty one.
        return byVersion != 0 ? byVersion : Segments(ra ?? "", rb ?? "");
    }

    private static (long Epoch, string Version, string? Release) Split(string evr)
    {
        long epoch = 0;
        var colon = evr.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && long.TryParse(evr.AsSpan(0, colon), out var parsed))
        {
            epoch = parsed;
            evr = evr[(colon + 1)..];
        }
        var dash = evr.LastIndexOf('-');
        return dash >= 0 ? (epoch, evr[..dash], evr[(dash + 1)..]) : (epoch, evr, null);
    }

    /// <summary>rpmvercmp: alphanumeric segments, numbers by value, letters by bytes; ~ sorts first, ^ after the end.</summary>
    public static int Segments(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            while (i < a.Length && !char.IsAsciiLetterOrDigit(a[i]) && a[i] is not ('~' or '^'))
            {
                i++;
            }
            while (j < b.Length && !char.IsAsciiLetterOrDigit(b[j]) && b[j] is not ('~' or '^'))
            {
                j++;
            }
            var aTilde = i < a.Length && a[i] == '~';
            var bTilde = j < b.Length && b[j] == '~';
            if (aTilde || bTilde)
            {
                if (!aTilde)
                {
                    return 1;
                }
                if (!bTilde)
                {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            var aCaret = i < a.Length && a[i] == '^';
            var bCaret = j < b.Length && b[j] == '^';
            if (aCaret || bCaret)
            {
                if (i >= a.Length)
                {
                    return -1;
                }
                if (j >= b.Length)
                {
                    return 1;
                }
                if (!aCaret)
                {
                    return 1;
                }
                if (!bCaret)
                {
                    return -1;
                }
                i++;
                j++;
                continue;
            }
            if (i >= a.Length || j >= b.Length)
            {
                break;
            }
            var numeric = char.IsAsciiDigit(a[i]);
            var si = i;
            var sj = j;
            if (numeric)
            {
                while (i < a.Length && char.IsAsciiDigit(a[i]))
                {
                    i++;
                }
                while (j < b.Length && char.IsAsciiDigit(b[j]))
                {
                    j++;
                }
            }
            else
            {
                while (i < a.Length && char.IsAsciiLetter(a[i]))
                {
                    i++;
                }
                while (j < b.Length && char.IsAsciiLetter(b[j]))
                {
                    j++;
                }
            }
            if (sj == j)
            {
                // Segments of different kinds: a number is newer than letters.
                return numeric ? 1 : -1;
            }
            var x = a.AsSpan(si, i - si);
            var y = b.AsSpan(sj, j - sj);
            if (numeric)
            {
                x = x.TrimStart('0');
                y = y.TrimStart('0');
                if (x.Length != y.Length)
                {
                    return x.Length > y.Length ? 1 : -1;
                }
            }
            var byText = x.SequenceCompareTo(y);
            if (byText != 0)
            {
                return Math.Sign(byText);
            }
        }
        if (i >= a.Length && j >= b.Length)
        {
            return 0;
        }
        return i < a.Length ? 1 : -1;
    }
}
