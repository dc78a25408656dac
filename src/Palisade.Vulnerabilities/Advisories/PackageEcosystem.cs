namespace Palisade.Vulnerabilities.Advisories;

/// <summary>How an installed package of an ecosystem is looked up among advisories.</summary>
public enum EcosystemQuery
{
    /// <summary>Language packages: by the ecosystem's own name (npm, PyPI…), the package's name and version.</summary>
    OwnName,

    /// <summary>Debian-style: in the release's ecosystem (Debian:12), by source package and source version.</summary>
    SourcePackageAndVersion,

    /// <summary>Alpine and RPM: in the release's ecosystem, by source package name and the binary's version.</summary>
    SourcePackageName,
}

/// <summary>
/// Everything Palisade knows about one package ecosystem, in one place: its name as scanners and advisories spell
/// it, the version scheme that orders its versions, how names are normalised so advisories and packages meet, its
/// package URL type and how a package is looked up. A new ecosystem is one of these plus the analyzer that finds its
/// packages.
/// </summary>
public sealed record PackageEcosystem(string Name, string VersionScheme, string PurlType)
{
    /// <summary>Other names advisories file the ecosystem under ("Kubernetes" for "kubernetes").</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    public EcosystemQuery Query { get; init; } = EcosystemQuery.OwnName;

    /// <summary>The name advisories use for a package (PEP 503 for PyPI, lower case for NuGet and Composer).</summary>
    public Func<string, string> NormalizeName { get; init; } = static name => name;

    /// <summary>The purl namespace and name for a package name (npm scopes, Maven group:artifact); null when it has none.</summary>
    public Func<string, (string? Namespace, string Name)?> PurlName { get; init; } = static name => (null, name);

    /// <summary>Go module paths keep their slashes in a purl name.</summary>
    public bool PurlNameKeepsSlashes { get; init; }

    /// <summary>OS package managers: their advisories are filed per distribution release.</summary>
    public bool IsOperatingSystem => Query != EcosystemQuery.OwnName;
}
