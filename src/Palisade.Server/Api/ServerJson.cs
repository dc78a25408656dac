using System.Text.Json.Serialization;
using Palisade.Core.Scanning;

namespace Palisade.Server;

/// <summary>Counts of a finished scan, as the JSON report's summary has them.</summary>
public sealed record ApiSummary(int Critical, int High, int Medium, int Low, int Info, int Passed, int Suppressed, int Errors);

/// <summary>The body of <c>POST /api/v1/scans</c> when it names its target rather than uploading it.</summary>
public sealed record ApiScanRequest(string? Kind, string? Target);

/// <summary>The answer to an accepted scan.</summary>
public sealed record ApiAccepted(string Id, string Status, string Location);

/// <summary>RFC 9457 problem details.</summary>
public sealed record ApiProblem(string Type, string Title, int Status, string Detail, string? Instance);

/// <summary>The answer to <c>POST /api/v1/rematch</c>.</summary>
public sealed record ApiRematch(long Images, long NewVulnerabilities, double Seconds, string? DatabaseVersion);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiSummary))]
[JsonSerializable(typeof(ApiScanRequest))]
[JsonSerializable(typeof(ApiAccepted))]
[JsonSerializable(typeof(ApiProblem))]
[JsonSerializable(typeof(ApiRematch))]
[JsonSerializable(typeof(Inventory))]
internal sealed partial class ServerJson : JsonSerializerContext;

/// <summary>The API's JSON: read by people and tools, never embedded in HTML, so quotes and non-ASCII text stay readable.</summary>
internal static class ApiJson
{
    public static ServerJson Context { get; } = new(new System.Text.Json.JsonSerializerOptions(ServerJson.Default.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

/// <summary>The server's own name and version in reports and answers.</summary>
public static class ServerInfo
{
    public static string Version { get; } =
        typeof(ServerInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
