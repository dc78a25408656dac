using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Palisade.Cluster.Api;

/// <summary>The result of listing one resource: its objects (as the list holds them, without kind and apiVersion) or why it could not be read.</summary>
public sealed record ListResult(IReadOnlyList<JsonElement> Items, string? Problem, bool Forbidden);

/// <summary>
/// Read-only requests to the API server: paged lists (limit/continue), single objects, metadata-only lists for
/// Secrets. Every response is size-capped and every failure becomes a message naming the path.
/// </summary>
public sealed class ApiClient(ClusterConnection connection)
{
    private const int PageSize = 500;
    private const long MaxResponseBytes = 256L * 1024 * 1024;
    private const string MetadataOnly = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";

    public async Task<(int Status, JsonDocument? Body, string? Problem)> GetAsync(string path, CancellationToken cancellationToken, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Server, path));
        var shown = path.Split('?')[0];
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.Authorization = await connection.AuthorizationAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                return (status, null, Describe(response.StatusCode, shown));
            }
            if (response.Content.Headers.ContentLength is > MaxResponseBytes)
            {
                return (status, null, $"{shown}: response of {response.Content.Headers.ContentLength} bytes is over the cap");
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[65536];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes)
                {
                    return (status, null, $"{shown}: response is over the {MaxResponseBytes}-byte cap");
                }
                buffer.Write(chunk, 0, read);
            }
            try
            {
                return (status, JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 128 }), null);
            }
            catch (JsonException ex)
            {
                return (status, null, $"{shown}: the response is not valid JSON ({ex.Message})");
            }
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (0, null, $"{shown}: no answer within the request time-out");
        }
        catch (HttpRequestException ex)
        {
            return (0, null, $"{shown}: {Explain(ex)}");
        }
    }

    /// <summary>All pages of a list; on a failure part-way, what was read so far is kept and the problem named.</summary>
    public async Task<ListResult> ListAsync(string path, bool metadataOnly, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? next = null;
        do
        {
            var query = $"?limit={PageSize}" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            var (status, body, problem) = await GetAsync(path + query, cancellationToken, metadataOnly ? MetadataOnly : "application/json").ConfigureAwait(false);
            if (body is null)
            {
                return new ListResult(items, problem, status == 403);
            }
            using (body)
            {
                var root = body.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var list) || list.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                {
                    return new ListResult(items, $"{path}: not a list", false);
                }
                var index = 0;
                foreach (var item in list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : default)
                {
                    index++;
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        problem = $"{path}: an item of the list is not an object; skipped";
                        continue;
                    }
                    // A copy of the item's bytes out of the page, which is returned to the pool: no second parse.
                    items.Add(item.Clone());
                }
                next = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("continue", out var c) && c.GetString() is { Length: > 0 } token ? token : null;
                if (problem is not null)
                {
                    return new ListResult(items, problem, false);
                }
            }
        }
        while (next is not null);
        return new ListResult(items, null, false);
    }

    private static string Describe(HttpStatusCode status, string path) => status switch
    {
        HttpStatusCode.Unauthorized => $"{path}: the API server rejected the credentials (401: expired or invalid token or certificate)",
        HttpStatusCode.Forbidden => $"{path}: forbidden (403): this identity may not read it",
        HttpStatusCode.NotFound => $"{path}: not served by this API server (404)",
        _ => $"{path}: HTTP {(int)status}",
    };

    private static string Explain(HttpRequestException ex) => ex.InnerException switch
    {
        System.Security.Authentication.AuthenticationException => $"TLS verification failed ({ex.InnerException.Message}); the server's certificate is not signed by the kubeconfig's CA (use --insecure-skip-tls-verify only if you accept that)",
        System.Net.Sockets.SocketException socket => $"cannot connect ({socket.SocketErrorCode})",
        IOException io => $"the connection was reset ({io.Message})",
        _ => ex.Message,
    };
}
