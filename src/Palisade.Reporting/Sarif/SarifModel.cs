using System.Text.Json.Serialization;

namespace Palisade.Reporting.Sarif;

// The subset of SARIF 2.1.0 Palisade writes; names follow the specification.

internal sealed record SarifLog(
    [property: JsonPropertyName("$schema")] string Schema,
    string Version,
    IReadOnlyList<SarifRun> Runs);

internal sealed record SarifRun(SarifTool Tool, IReadOnlyList<SarifResult> Results, IReadOnlyList<SarifInvocation> Invocations);

internal sealed record SarifTool(SarifDriver Driver);

internal sealed record SarifDriver(string Name, string Version, string SemanticVersion, string InformationUri, IReadOnlyList<SarifRule> Rules);

internal sealed record SarifRule(
    string Id,
    string Name,
    SarifText ShortDescription,
    SarifText FullDescription,
    SarifMarkdown Help,
    SarifConfiguration DefaultConfiguration,
    SarifRuleProperties Properties);

internal sealed record SarifText(string Text);

internal sealed record SarifMarkdown(string Text, string Markdown);

internal sealed record SarifConfiguration(string Level);

internal sealed record SarifRuleProperties(
    IReadOnlyList<string> Tags,
    [property: JsonPropertyName("security-severity")] string SecuritySeverity,
    string Precision,
    [property: JsonPropertyName("problem.severity")] string ProblemSeverity);

internal sealed record SarifResult(
    string RuleId,
    int RuleIndex,
    string Kind,
    string Level,
    SarifText Message,
    IReadOnlyList<SarifLocation> Locations,
    SarifFingerprints PartialFingerprints);

/// <summary>SARIF's partialFingerprints object, with the one fingerprint Palisade computes.</summary>
internal sealed record SarifFingerprints([property: JsonPropertyName("palisade/v1")] string PalisadeV1);

internal sealed record SarifLocation(SarifPhysicalLocation? PhysicalLocation, IReadOnlyList<SarifLogicalLocation>? LogicalLocations);

internal sealed record SarifPhysicalLocation(SarifArtifactLocation ArtifactLocation, SarifRegion? Region);

internal sealed record SarifArtifactLocation(string Uri);

internal sealed record SarifRegion(int StartLine, int? StartColumn);

internal sealed record SarifLogicalLocation(string FullyQualifiedName, string Kind);

internal sealed record SarifInvocation(bool ExecutionSuccessful, IReadOnlyList<SarifNotification> ToolExecutionNotifications);

internal sealed record SarifNotification(string Level, SarifText Message, IReadOnlyList<SarifLocation>? Locations);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SarifLog))]
[JsonSerializable(typeof(SarifTool))]
[JsonSerializable(typeof(SarifResult))]
[JsonSerializable(typeof(SarifInvocation[]))]
internal sealed partial class SarifContext : JsonSerializerContext;
