using Palisade.Core.Secrets;

namespace Palisade.Images.Secrets;

/// <summary>A secret found in a text: which rule, the 1-based line, and a redacted form (never the secret itself).</summary>
public sealed record SecretHit(SecretRule Rule, int Line, string Redacted);

/// <summary>Runs the secret rules over one text; binary content and oversized files are the caller's to skip.</summary>
public static class SecretScanner
{
    public const long MaxFileBytes = 1024 * 1024;

    public static bool LooksBinary(ReadOnlySpan<byte> content) => content[..Math.Min(content.Length, 8192)].Contains((byte)0);

    public static IReadOnlyList<SecretHit> Scan(string path, string text)
    {
        var hits = new List<SecretHit>();
        foreach (var rule in SecretRules.All)
        {
            if ((rule.AppliesTo is { } applies && !applies(path)) || (rule.Keywords.Count > 0 && !rule.Keywords.Any(k => text.Contains(k, StringComparison.Ordinal))))
            {
                continue;
            }
            foreach (System.Text.RegularExpressions.Match match in rule.Pattern.Matches(text))
            {
                var secret = match.Groups["secret"];
                var value = secret.Success ? secret.Value.Trim() : match.Value;
                if (rule.Accept is { } accept && !accept(value))
                {
                    continue;
                }
                hits.Add(new SecretHit(rule, LineOf(text, match.Index), Credentials.Redact(value)));
                if (hits.Count >= 100)
                {
                    return hits;
                }
            }
        }
        return hits;
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }
        return line;
    }
}
