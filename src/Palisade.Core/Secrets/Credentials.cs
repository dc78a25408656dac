using System.Text.RegularExpressions;

namespace Palisade.Core.Secrets;

/// <summary>
/// Whether a named value is a credential: well-known token formats whatever the name, or any literal under a
/// credential-like name that is not obviously a reference (a path, a URL without credentials, a variable).
/// </summary>
public static partial class Credentials
{
    /// <summary>Why the value looks like a credential, or null when it does not.</summary>
    public static string? Classify(string name, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }
        if (KnownSecretValue().IsMatch(value))
        {
            return "looks like a credential";
        }
        return CredentialName().IsMatch(name) && !LooksLikeReference(value) ? "has a credential-like name" : null;
    }

    /// <summary>Shows only enough of a secret to recognise it, never the secret.</summary>
    public static string Redact(string value) => value.Length <= 4 ? "****" : value[..Math.Min(4, value.Length / 4)] + new string('*', 8);

    private static bool LooksLikeReference(string value) =>
        value.StartsWith('/') || value is "true" or "false" || value.StartsWith("$(", StringComparison.Ordinal) || value.StartsWith("${", StringComparison.Ordinal)
        || value.Length < 4 || (value.Contains("://", StringComparison.Ordinal) && !value.Contains('@', StringComparison.Ordinal));

    [GeneratedRegex(@"(^|_|-)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)($|_|-)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CredentialName();

    [GeneratedRegex(@"^(AKIA|ASIA)[0-9A-Z]{16}$|^gh[pousr]_[A-Za-z0-9]{36,}$|^xox[abpr]-[A-Za-z0-9-]{10,}$|^glpat-[A-Za-z0-9_-]{20,}$|-----BEGIN [A-Z ]*PRIVATE KEY-----|^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.|^sk_live_[0-9a-zA-Z]{24,}$|://[^/\s:@]+:[^/\s@]+@", RegexOptions.CultureInvariant)]
    private static partial Regex KnownSecretValue();
}
