using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

/// <summary>
/// Serves Fixtures/cluster like an API server: bearer-token auth, paging (at most <see cref="PageSize"/> items per
/// page whatever the client asks, as servers may), namespaced paths filtered from the cluster-wide lists,
/// metadata-only Secret lists, and the faults a test switches on.
/// </summary>
internal sealed class RecordedCluster
{
    public const string Token = "test-token";
    public const int PageSize = 2;
    private readonly string _folder;

    public RecordedCluster(string? folder = null) => _folder = folder ?? Path.Combine(AppContext.BaseDirectory, "Fixtures", "cluster");

    public HashSet<string> Forbidden { get; } = [];
    public Dictionary<string, TimeSpan> Slow { get; } = [];
    public HashSet<string> Resets { get; } = [];
    public bool AnonymousCanListNamespaces { get; init; }
    public List<string> FullSecretRequests { get; } = [];

    public ApiResponse Handle(ApiRequest request)
    {
        var authenticated = request.Authorization == $"Bearer {Token}";
        if (request.Authorization is not null && !authenticated)
        {
            return ApiResponse.Failure(401, "Unauthorized");
        }
        if (Resets.Contains(request.Path))
        {
            return new ApiResponse(0, "") { Reset = true };
        }
        if (!authenticated)
        {
            return request.Path switch
            {
                "/version" or "/healthz" => Serve(request),
                "/api/v1/namespaces" when AnonymousCanListNamespaces => Serve(request),
                _ => ApiResponse.Failure(403, $"forbidden: User \"system:anonymous\" cannot get path \"{request.Path}\""),
            };
        }
        if (Forbidden.Contains(request.Path))
        {
            return ApiResponse.Failure(403, "forbidden: the scanner's identity may not list this resource");
        }
        var response = Serve(request);
        return Slow.TryGetValue(request.Path, out var delay) ? response with { Delay = delay } : response;
    }

    private ApiResponse Serve(ApiRequest request)
    {
        var (file, @namespace) = FileFor(request.Path);
        if (file is null || !File.Exists(file))
        {
            return ApiResponse.Failure(404, "the server could not find the requested resource");
        }
        var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        if (document["items"] is not JsonArray items)
        {
            return ApiResponse.Json(document.ToJsonString());
        }
        var selected = items.Where(i => @namespace is null || (i is JsonObject o && o["metadata"]?["namespace"]?.GetValue<string>() == @namespace)).ToList();
        if (request.Path.EndsWith("/secrets", StringComparison.Ordinal))
        {
            if (!(request.Headers.GetValueOrDefault("accept") ?? "").Contains("as=PartialObjectMetadataList", StringComparison.Ordinal))
            {
                lock (FullSecretRequests)
                {
                    FullSecretRequests.Add(request.Path);
                }
            }
            else
            {
                document["kind"] = "PartialObjectMetadataList";
                document["apiVersion"] = "meta.k8s.io/v1";
                selected = [.. selected.Select(i => (JsonNode?)new JsonObject { ["metadata"] = i!["metadata"]!.DeepClone() })];
            }
        }
        var offset = request.Query.TryGetValue("continue", out var token) ? int.Parse(token, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var limit = request.Query.TryGetValue("limit", out var l) ? Math.Min(int.Parse(l, System.Globalization.CultureInfo.InvariantCulture), PageSize) : selected.Count;
        var page = selected.Skip(offset).Take(limit).Select(i => i?.DeepClone()).ToArray();
        document["items"] = new JsonArray(page);
        var metadata = new JsonObject { ["resourceVersion"] = "1001" };
        if (offset + limit < selected.Count)
        {
            metadata["continue"] = (offset + limit).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        document["metadata"] = metadata;
        return ApiResponse.Json(document.ToJsonString());
    }

    /// <summary>"/api/v1/namespaces/team-a/pods" reads api-v1-pods.json filtered to team-a.</summary>
    private (string? File, string? Namespace) FileFor(string path)
    {
        var parts = path.Trim('/').Split('/');
        string? @namespace = null;
        var namespacesAt = Array.IndexOf(parts, "namespaces");
        if (namespacesAt > 0 && parts.Length == namespacesAt + 3)
        {
            @namespace = parts[namespacesAt + 1];
            parts = [.. parts[..namespacesAt], parts[^1]];
        }
        var name = path == "/version" ? "version" : string.Join('-', parts);
        return (Path.Combine(_folder, name + ".json"), @namespace);
    }

    public static JsonDocument Read(string json) => JsonDocument.Parse(json);
}
