namespace Palisade.Vulnerabilities.Advisories;

/// <summary>The CVSS v3.0/v3.1 base score of a vector string, per the FIRST specification's equations.</summary>
public static class CvssV3
{
    public static double? BaseScore(string vector)
    {
        if (!vector.StartsWith("CVSS:3.", StringComparison.Ordinal))
        {
            return null;
        }
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in vector.Split('/').Skip(1))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !metrics.TryAdd(part[..colon], part[(colon + 1)..]))
            {
                return null;
            }
        }
        if (!metrics.TryGetValue("S", out var scope) || scope is not ("U" or "C"))
        {
            return null;
        }
        var changed = scope == "C";
        double? Pick(string key, Func<string, double?> values) => metrics.TryGetValue(key, out var v) ? values(v) : null;
        var av = Pick("AV", v => v switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null });
        var ac = Pick("AC", v => v switch { "L" => 0.77, "H" => 0.44, _ => null });
        var pr = Pick("PR", v => v switch { "N" => 0.85, "L" => changed ? 0.68 : 0.62, "H" => changed ? 0.5 : 0.27, _ => null });
        var ui = Pick("UI", v => v switch { "N" => 0.85, "R" => 0.62, _ => null });
        Func<string, double?> cia = v => v switch { "H" => 0.56, "L" => 0.22, "N" => 0, _ => null };
        var c = Pick("C", cia);
        var i = Pick("I", cia);
        var a = Pick("A", cia);
        if (av is null || ac is null || pr is null || ui is null || c is null || i is null || a is null)
        {
            return null;
        }
        var iss = 1 - ((1 - c.Value) * (1 - i.Value) * (1 - a.Value));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        var exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        if (impact <= 0)
        {
            return 0;
        }
        return RoundUp(Math.Min((changed ? 1.08 : 1) * (impact + exploitability), 10));
    }

    public static string Rating(double score) => score switch
    {
        0 => "none",
        < 4 => "low",
        < 7 => "medium",
        < 9 => "high",
        _ => "critical",
    };

    /// <summary>CVSS 3.1's Roundup: the smallest one-decimal number not below the input, immune to float noise.</summary>
    private static double RoundUp(double value)
    {
        var scaled = (long)Math.Round(value * 100_000);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.Floor(scaled / 10_000.0) + 1) / 10.0;
    }
}
