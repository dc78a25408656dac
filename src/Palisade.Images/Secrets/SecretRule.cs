using System.Text.RegularExpressions;
using Palisade.Core.Findings;

namespace Palisade.Images.Secrets;

/// <summary>
/// One kind of secret: its check, the pattern that finds it (group "secret" is the part to redact), and optionally
/// a condition on the whole file (a GCP key is a JSON file with both a type and a private key).
/// </summary>
public sealed record SecretRule(CheckInfo Info, Regex Pattern)
{
    /// <summary>Only files whose path matches (e.g. configuration files for password assignments).</summary>
    public Func<string, bool>? AppliesTo { get; init; }

    /// <summary>Cheap substrings one of which must occur before the regular expression runs.</summary>
    public IReadOnlyList<string> Keywords
    {
        get => _keywords;
        init
        {
            _keywords = value;
            KeywordBytes = [.. value.Select(k => System.Text.Encoding.UTF8.GetBytes(k))];
        }
    }

    private readonly IReadOnlyList<string> _keywords = [];

    /// <summary>The keywords as UTF-8, to test raw file bytes before decoding anything.</summary>
    public IReadOnlyList<byte[]> KeywordBytes { get; private init; } = [];

    /// <summary>Rejects matches that are placeholders rather than secrets.</summary>
    public Func<string, bool>? Accept { get; init; }
}
