using System.Text.Json.Serialization;

namespace Palisade.Reporting.Spdx;

internal sealed record SpdxDocument(
    [property: JsonPropertyName("spdxVersion")] string SpdxVersion,
    [property: JsonPropertyName("dataLicense")] string DataLicense,
    [property: JsonPropertyName("SPDXID")] string SpdxId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("documentNamespace")] string DocumentNamespace,
    [property: JsonPropertyName("creationInfo")] SpdxCreationInfo CreationInfo,
    [property: JsonPropertyName("documentDescribes")] IReadOnlyList<string> DocumentDescribes,
    [property: JsonPropertyName("packages")] IReadOnlyList<SpdxPackage> Packages,
    [property: JsonPropertyName("relationships")] IReadOnlyList<SpdxRelationship> Relationships);

internal sealed record SpdxCreationInfo(
    [property: JsonPropertyName("created")] string Created,
    [property: JsonPropertyName("creators")] IReadOnlyList<string> Creators);

internal sealed record SpdxPackage(
    [property: JsonPropertyName("SPDXID")] string SpdxId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("versionInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VersionInfo,
    [property: JsonPropertyName("downloadLocation")] string DownloadLocation,
    [property: JsonPropertyName("filesAnalyzed")] bool FilesAnalyzed,
    [property: JsonPropertyName("licenseConcluded")] string LicenseConcluded,
    [property: JsonPropertyName("licenseDeclared")] string LicenseDeclared,
    [property: JsonPropertyName("copyrightText")] string CopyrightText,
    [property: JsonPropertyName("primaryPackagePurpose")] string PrimaryPackagePurpose,
    [property: JsonPropertyName("sourceInfo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SourceInfo,
    [property: JsonPropertyName("externalRefs"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SpdxExternalRef>? ExternalRefs,
    [property: JsonPropertyName("annotations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<SpdxAnnotation>? Annotations);

internal sealed record SpdxExternalRef(
    [property: JsonPropertyName("referenceCategory")] string ReferenceCategory,
    [property: JsonPropertyName("referenceType")] string ReferenceType,
    [property: JsonPropertyName("referenceLocator")] string ReferenceLocator);

internal sealed record SpdxAnnotation(
    [property: JsonPropertyName("annotationDate")] string AnnotationDate,
    [property: JsonPropertyName("annotationType")] string AnnotationType,
    [property: JsonPropertyName("annotator")] string Annotator,
    [property: JsonPropertyName("comment")] string Comment);

internal sealed record SpdxRelationship(
    [property: JsonPropertyName("spdxElementId")] string SpdxElementId,
    [property: JsonPropertyName("relationshipType")] string RelationshipType,
    [property: JsonPropertyName("relatedSpdxElement")] string RelatedSpdxElement);

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(SpdxDocument))]
internal sealed partial class SpdxContext : JsonSerializerContext;
