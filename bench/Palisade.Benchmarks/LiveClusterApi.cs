using System.Globalization;
using System.Text;
using Palisade.Cluster.Snapshot;
using Palisade.TestSupport;

namespace Palisade.Benchmarks;

/// <summary>
/// A loopback API server over TLS serving a generated snapshot's objects as the real one lists them: paged with
/// limit/continue, a bearer token required, anonymous requests refused. `scan cluster` reads it with a kubeconfig.
/// </summary>
internal sealed class LiveClusterApi : IDisposable
{
    public const string Token = "bench-token";
    private readonly Dictionary<string, (string Kind, IReadOnlyList<System.Text.Json.JsonElement> Items)> _lists;
    private readonly ReplayApiServer _server;

    public LiveClusterApi(ClusterSnapshot snapshot)
    {
        // "v1/pods" is listed at /api/v1/pods, "apps/v1/deployments" at /apis/apps/v1/deployments.
        _lists = snapshot.Resources.ToDictionary(
            r => r.Resource.StartsWith("v1/", StringComparison.Ordinal) ? "/api/" + r.Resource : "/apis/" + r.Resource,
            r => (r.Kind, r.Items), StringComparer.Ordinal);
        _server = new ReplayApiServer(Answer);
    }

    public string WriteKubeconfig(string directory) => _server.WriteKubeconfig(directory, Token);

    private ApiResponse Answer(ApiRequest request)
    {
        if (request.Authorization != $"Bearer {Token}")
        {
            return ApiResponse.Failure(401, "Unauthorized");
        }
        if (request.Path == "/version")
        {
            return ApiResponse.Json("""{"major":"1","minor":"34","gitVersion":"v1.34.1","platform":"linux/amd64"}""");
        }
        var (kind, items) = _lists.TryGetValue(request.Path, out var list) ? list : ("List", []);
        var limit = request.Query.TryGetValue("limit", out var l) ? int.Parse(l, CultureInfo.InvariantCulture) : int.MaxValue;
        var offset = request.Query.TryGetValue("continue", out var c) ? int.Parse(c, CultureInfo.InvariantCulture) : 0;
        var page = items.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < items.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : "";
        var body = new StringBuilder().Append("{\"kind\":\"").Append(kind).Append("List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"1\",\"continue\":\"")
            .Append(next).Append("\"},\"items\":[").AppendJoin(',', page.Select(i => i.GetRawText())).Append("]}");
        return ApiResponse.Json(body.ToString());
    }

    public void Dispose() => _server.Dispose();
}
