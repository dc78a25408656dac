using System.Text.Json.Serialization;

namespace Palisade.Reporting.CycloneDx;

// CycloneDX 1.5 JSON (https://cyclonedx.org/docs/1.5/json/), only the fields Palisade fills.

internal sealed record CdxBom(
    string BomFormat,
    string SpecVersion,
    string SerialNumber,
    int Version,
    CdxMetadata Metadata,
    IReadOnlyList<CdxComponent> Components,
    IReadOnlyList<CdxVulnerability> Vulnerabilities);

internal sealed record CdxMetadata(string Timestamp, CdxTools Tools, CdxComponent Component);

internal sealed record CdxTools(IReadOnlyList<CdxComponent> Components);

internal sealed record CdxComponent(
    [property: JsonPropertyName("bom-ref")] string? BomRef,
    string Type,
    string Name,
    string? Version,
    string? Purl,
    IReadOnlyList<CdxProperty>? Properties);

internal sealed record CdxProperty(string Name, string Value);

internal sealed record CdxVulnerability(
    [property: JsonPropertyName("bom-ref")] string BomRef,
    string Id,
    CdxSource Source,
    IReadOnlyList<CdxRating> Ratings,
    string? Description,
    string? Recommendation,
    IReadOnlyList<CdxAffects> Affects,
    IReadOnlyList<CdxProperty>? Properties);

internal sealed record CdxSource(string Name);

internal sealed record CdxRating(CdxSource? Source, string Severity, string? Method, string? Vector);

internal sealed record CdxAffects(string Ref, IReadOnlyList<CdxAffectedVersion> Versions);

internal sealed record CdxAffectedVersion(string Version, string Status);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CdxBom))]
internal sealed partial class CycloneDxContext : JsonSerializerContext;
