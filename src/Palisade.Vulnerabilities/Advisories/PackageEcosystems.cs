using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Palisade.Vulnerabilities.Advisories;

/// <summary>Every package ecosystem Palisade inventories and matches, listed explicitly.</summary>
public static partial class PackageEcosystems
{
    public static IReadOnlyList<PackageEcosystem> All { get; } =
    [
        new("deb", "dpkg", "deb") { Query = EcosystemQuery.SourcePackageAndVersion },
        new("apk", "apk", "apk") { Query = EcosystemQuery.SourcePackageName },
        new("rpm", "rpm", "rpm") { Query = EcosystemQuery.SourcePackageName },
        new("npm", "semver", "npm") { PurlName = ScopedName },
        new("PyPI", "pep440", "pypi") { NormalizeName = Pep503, PurlName = name => (null, Pep503(name)) },
        new("Maven", "maven", "maven") { PurlName = name => name.Split(':') is [var group, var artifact] ? (group, artifact) : null },
        new("NuGet", "nuget", "nuget") { NormalizeName = name => name.ToLowerInvariant() },
        new("Go", "go", "golang") { PurlNameKeepsSlashes = true },
        new("crates.io", "semver", "cargo"),
        new("Packagist", "semver", "composer") { NormalizeName = name => name.ToLowerInvariant(), PurlName = VendorName },
        new("Hex", "semver", "hex"),
        new("Pub", "semver", "pub"),
        new("SwiftURL", "semver", "swift"),
        new("kubernetes", "semver", "k8s") { Aliases = ["Kubernetes"] },
    ];

    private static readonly FrozenDictionary<string, PackageEcosystem> ByName =
        All.SelectMany(e => e.Aliases.Append(e.Name).Select(name => (name, e))).ToFrozenDictionary(p => p.name, p => p.e, StringComparer.Ordinal);

    /// <summary>The descriptor for an ecosystem name ("PyPI", or an advisory's "npm"); null when Palisade does not know it.</summary>
    public static PackageEcosystem? Find(string name) => ByName.GetValueOrDefault(name);

    private static string Pep503(string name) => PythonSeparators().Replace(name, "-").ToLowerInvariant();

    private static (string? Namespace, string Name)? ScopedName(string name) =>
        name.StartsWith('@') && name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? (name[..slash], name[(slash + 1)..]) : (null, name);

    private static (string? Namespace, string Name)? VendorName(string name) =>
        name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? (name[..slash], name[(slash + 1)..]) : (null, name);

    [GeneratedRegex("[-_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex PythonSeparators();
}
