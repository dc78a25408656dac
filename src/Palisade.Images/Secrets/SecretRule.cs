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
    public IReadOnlyList<string> Keywords { get; init; } = [];

    /// <summary>Rejects matches that are placeholders rather than secrets.</summary>
    public Func<string, bool>? Accept { get; init; }
}
