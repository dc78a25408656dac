namespace Palisade.Policy.Cel;

/// <summary>
/// A URL as the Kubernetes URL library reads it (Go's url.ParseRequestURI): an absolute URI with a scheme, or an
/// absolute path; no fragment.
/// </summary>
public sealed class CelUrl : ICelObject
{
    private readonly string _rawQuery;

    private CelUrl(string text, string scheme, string host, string escapedPath, string rawQuery)
    {
        Text = text;
        Scheme = scheme;
        Host = host;
        EscapedPath = escapedPath;
        _rawQuery = rawQuery;
    }

    public string Text { get; }

    public CelType Type => new("kubernetes.URL");

    public string Scheme { get; }

    /// <summary>host[:port], an IPv6 address in brackets.</summary>
    public string Host { get; }

    public string EscapedPath { get; }

    public string Hostname => Host.StartsWith('[') ? Host[1..Math.Max(1, Host.IndexOf(']', StringComparison.Ordinal))]
        : Host.LastIndexOf(':') is >= 0 and var colon ? Host[..colon] : Host;

    public string Port => Host.LastIndexOf(':') is >= 0 and var colon && colon > Host.LastIndexOf(']') ? Host[(colon + 1)..] : "";

    public static CelUrl? Parse(string text)
    {
        if (text.Length is 0 or > 8192 || text.Any(c => c is < ' ' or (char)0x7f || c == ' '))
        {
            return null;
        }
        var rest = text;
        var query = "";
        if (rest.IndexOf('?', StringComparison.Ordinal) is >= 0 and var q)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (rest.StartsWith('/'))
        {
            return new CelUrl(text, "", "", rest, query);
        }
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(rest[0]) || !rest[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            return null;
        }
        var scheme = rest[..colon];
        rest = rest[(colon + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return rest.StartsWith('/') || rest.Length > 0 ? new CelUrl(text, scheme, "", rest, query) : null;
        }
        rest = rest[2..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        var host = authority.LastIndexOf('@') is >= 0 and var at ? authority[(at + 1)..] : authority;
        if (host.StartsWith('[') && !host.Contains(']', StringComparison.Ordinal))
        {
            return null;
        }
        return new CelUrl(text, scheme, host, path, query);
    }

    /// <summary>The query as a map from each key to its values, in order.</summary>
    public CelMap Query()
    {
        var values = new Dictionary<string, List<object?>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in _rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            if (!values.TryGetValue(key, out var list))
            {
                values[key] = list = [];
                order.Add(key);
            }
            list.Add(value);
        }
        var map = new CelMap();
        foreach (var key in order)
        {
            map.TryAdd(key, values[key]);
        }
        return map;
    }

    private static string Unescape(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return s;
        }
    }

    public override bool Equals(object? obj) => obj is CelUrl other && other.Text == Text;

    public override int GetHashCode() => Text.GetHashCode(StringComparison.Ordinal);
}
