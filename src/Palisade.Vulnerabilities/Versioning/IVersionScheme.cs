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
}
