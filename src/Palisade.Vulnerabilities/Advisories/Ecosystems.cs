using System.Text.RegularExpressions;
using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Vulnerabilities.Advisories;

/// <summary>
/// OSV ecosystem names: which version scheme orders each one's versions, and how package names are normalised so
/// that advisories and installed packages meet (PEP 503 for PyPI, case-insensitive NuGet ids and Composer names).
/// </summary>
public static partial class Ecosystems
{
    /// <summary>The scheme for an ecosystem such as "Debian:12", "Alpine:v3.11", "PyPI"; null when we cannot order its versions.</summary>
    public static IVersionScheme? SchemeFor(string ecosystem) => VersionSchemes.Find(SchemeName(ecosystem) ?? "");

    public static string? SchemeName(string ecosystem)
    {
        var family = ecosystem.Split(':')[0];
        return family switch
        {
            "Debian" or "Ubuntu" => "dpkg",
            "Alpine" or "Wolfi" or "Chainguard" => "apk",
            "Red Hat" or "AlmaLinux" or "Rocky Linux" or "SUSE" or "openSUSE" or "Mageia" or "Azure Linux" or "CBL-Mariner" or "Amazon Linux" or "Fedora" or "Oracle Linux" => "rpm",
            "npm" or "crates.io" or "Hex" or "Pub" or "SwiftURL" or "Kubernetes" or "kubernetes" => "semver",
            "PyPI" => "pep440",
            "Maven" => "maven",
            "NuGet" => "nuget",
            "Go" => "go",
            _ => null,
        };
    }

    public static string NormalizeName(string ecosystem, string name) => ecosystem.Split(':')[0] switch
    {
        "PyPI" => PythonSeparators().Replace(name, "-").ToLowerInvariant(),
        "NuGet" or "Packagist" => name.ToLowerInvariant(),
        _ => name,
    };

    /// <summary>
    /// Drops qualifiers that do not change which packages a record covers ("Ubuntu:22.04:LTS" is "Ubuntu:22.04"; Red
    /// Hat's "Red Hat:enterprise_linux:9::baseos" and "::appstream" are both the RHEL 9 release, "Red Hat:9").
    /// </summary>
    public static string NormalizeEcosystem(string ecosystem)
    {
        if (ecosystem.StartsWith("Ubuntu:", StringComparison.Ordinal) && ecosystem.EndsWith(":LTS", StringComparison.Ordinal) && !ecosystem.Contains(":Pro:", StringComparison.Ordinal))
        {
            return ecosystem[..^4];
        }
        return RedHatRelease().Match(ecosystem) is { Success: true } rhel ? "Red Hat:" + rhel.Groups[1].Value : ecosystem;
    }

    [GeneratedRegex(@"^Red Hat:enterprise_linux:(\d+)(?::.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RedHatRelease();

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex PythonSeparators();
}
