using System.Text.RegularExpressions;
using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Vulnerabilities.Advisories;

/// <summary>
/// OSV ecosystem names as advisories spell them ("Debian:12", "Alpine:v3.11", "PyPI"): distribution releases by
/// family here, every package ecosystem by its <see cref="PackageEcosystem"/> descriptor.
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
            _ => PackageEcosystems.Find(family) is { IsOperatingSystem: false } language ? language.VersionScheme : null,
        };
    }

    public static string NormalizeName(string ecosystem, string name) =>
        PackageEcosystems.Find(ecosystem.Split(':')[0]) is { } descriptor ? descriptor.NormalizeName(name) : name;

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
}
