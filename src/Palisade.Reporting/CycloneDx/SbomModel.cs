namespace Palisade.Reporting.CycloneDx;

/// <summary>What an SBOM lists about one package, independent of how the scanner found it.</summary>
public sealed record SbomComponent(string Name, string Version, string Ecosystem)
{
    public string? Purl { get; init; }
    public string? Path { get; init; }
    public string? Layer { get; init; }
    public string? SourcePackage { get; init; }
    public string? Architecture { get; init; }
}

/// <summary>The subject of an SBOM: the image, its operating system and what it contains.</summary>
public sealed record Sbom(string Subject, string? OperatingSystem, string? OperatingSystemVersion, IReadOnlyList<SbomComponent> Components);
