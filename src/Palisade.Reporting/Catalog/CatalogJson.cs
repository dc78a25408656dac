using System.Text.Json;
using System.Text.Json.Serialization;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Catalog;

internal sealed record JsonCheck(
    string Id,
    string Title,
    string Severity,
    string Description,
    string Remediation,
    IReadOnlyList<JsonTechnique> Mitre,
    string? Pss,
    IReadOnlyList<string> Cis,
    IReadOnlyList<string> Nsa,
    IReadOnlyList<string> Aliases);

internal sealed record JsonTechnique(string Id, string Name);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<JsonCheck>))]
[JsonSerializable(typeof(JsonCheck))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;

/// <summary>The check catalogue as JSON, from the same metadata the scanners use.</summary>
public static class CatalogJson
{
    private static readonly CatalogJsonContext Context = new(new JsonSerializerOptions(CatalogJsonContext.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static string Serialize(IEnumerable<CheckInfo> checks) =>
        JsonSerializer.Serialize([.. checks.Select(ToJson)], Context.IReadOnlyListJsonCheck);

    public static string Serialize(CheckInfo check) => JsonSerializer.Serialize(ToJson(check), Context.JsonCheck);

    private static JsonCheck ToJson(CheckInfo c) => new(
        c.Id.Value, c.Title, c.Severity.ToSlug(), c.Description, c.Remediation,
        [.. c.Mitre.Select(m => new JsonTechnique(m.Id, m.Name))],
        c.Reference(Framework.PodSecurityStandards)?.Control,
        FrameworkText.Controls(c, Framework.Cis),
        FrameworkText.Controls(c, Framework.NsaCisa),
        c.Aliases);
}
