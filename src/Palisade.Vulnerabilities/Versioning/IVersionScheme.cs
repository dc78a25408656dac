namespace Palisade.Vulnerabilities.Versioning;

/// <summary>
/// One ecosystem's version syntax and ordering. Comparison is exact per scheme; a version the scheme rejects is
/// reported as invalid, never silently compared as a string.
/// </summary>
public interface IVersionScheme
{
    string Name { get; }

    bool IsValid(string version);

    /// <summary>Negative, zero or positive as <paramref name="a"/> sorts before, with or after <paramref name="b"/>.</summary>
    /// <exception cref="FormatException">Either version is not valid in this scheme.</exception>
    int Compare(string a, string b);

    /// <summary>
    /// A comparison for evaluating many ranges in one go: schemes whose parsing is costly parse each distinct
    /// version once for the life of the returned delegate. The default is <see cref="Compare"/> itself.
    /// </summary>
    Comparison<string> Comparison() => Compare;
}

/// <summary>Parses each distinct version once, then compares the parsed forms (a per-use cache, never shared).</summary>
public sealed class ParsedVersions<T>(Func<string, T?> parse, string what) where T : class, IComparable<T>
{
    private readonly Dictionary<string, T> _parsed = new(StringComparer.Ordinal);

    public int Compare(string a, string b) => Get(a).CompareTo(Get(b));

    private T Get(string text)
    {
        if (!_parsed.TryGetValue(text, out var value))
        {
            value = parse(text) ?? throw new FormatException($"not {what}: '{text}'");
            _parsed[text] = value;
        }
        return value;
    }
}
