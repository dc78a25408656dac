using Palisade.Core.Secrets;

namespace Palisade.Images.Secrets;

/// <summary>A secret found in a text: which rule, the 1-based line, and a redacted form (never the secret itself).</summary>
public sealed record SecretHit(SecretRule Rule, int Line, string Redacted);

/// <summary>Runs the secret rules over one text; binary content and oversized files are the caller's to skip.</summary>
public static class SecretScanner
{
    public const long MaxFileBytes = 1024 * 1024;

    public static bool LooksBinary(ReadOnlySpan<byte> content) => content[..Math.Min(content.Length, 8192)].Contains((byte)0);

    /// <summary>Scans raw file bytes: rules whose keywords do not occur are dropped before the text is even decoded.</summary>
    public static IReadOnlyList<SecretHit> Scan(string path, ReadOnlySpan<byte> content)
    {
        List<SecretRule>? candidates = null;
        foreach (var rule in SecretRules.All)
        {
            if (Applies(rule, path) && (rule.KeywordBytes.Count == 0 || AnyOf(content, rule.KeywordBytes)))
            {
                (candidates ??= []).Add(rule);
            }
        }
        return candidates is null ? [] : Scan(path, System.Text.Encoding.UTF8.GetString(content), candidates);
    }

    public static IReadOnlyList<SecretHit> Scan(string path, string text) => Scan(path, text, SecretRules.All);

    private static bool Applies(SecretRule rule, string path) => rule.AppliesTo is not { } applies || applies(path);

    private static bool AnyOf(ReadOnlySpan<byte> content, IReadOnlyList<byte[]> keywords)
    {
        foreach (var keyword in keywords)
        {
            if (content.IndexOf(keyword) >= 0)
            {
                return true;
            }
        }
        return false;
    }

    private static IReadOnlyList<SecretHit> Scan(string path, string text, IReadOnlyList<SecretRule> rules)
    {
        var hits = new List<SecretHit>();
        foreach (var rule in rules)
        {
            if (!Applies(rule, path) || (rule.Keywords.Count > 0 && !rule.Keywords.Any(k => text.Contains(k, StringComparison.Ordinal))))
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
