using System.Text.Json.Serialization;

namespace Palisade.Reporting.Json;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonReport))]
[JsonSerializable(typeof(JsonTool))]
[JsonSerializable(typeof(JsonScan))]
[JsonSerializable(typeof(JsonFinding))]
[JsonSerializable(typeof(JsonSuppressed))]
[JsonSerializable(typeof(JsonDiagnostic))]
[JsonSerializable(typeof(JsonSummary))]
internal sealed partial class JsonReportContext : JsonSerializerContext;
