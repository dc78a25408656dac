using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Cluster.Api;

namespace Palisade.Operator.Api;

/// <summary>The operator's writes: get, create, replace (optimistic, on the resourceVersion read), delete. Failures are results, not exceptions.</summary>
public sealed class ApiWriter(ClusterConnection connection)
{
    public async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(connection.Server, path));
        request.Headers.Authorization = await connection.AuthorizationAsync(cancellationToken).ConfigureAwait(false);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        try
        {
            using var response = await connection.Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonObject? parsed = null;
            try
            {
                parsed = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
            }
            catch (JsonException)
            {
            }
            return (response.StatusCode, parsed);
        }
        catch (HttpRequestException)
        {
            return (0, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The request's own time-out: an answer like any failure.
            return (0, null);
        }
    }

    /// <summary>A text resource (a pod's log); null when it cannot be read. Capped at 64 MiB.</summary>
    public async Task<string?> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Server, path));
        request.Headers.Authorization = await connection.AuthorizationAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var response = await connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > 64L * 1024 * 1024)
            {
                return null;
            }
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return text.Length > 64 * 1024 * 1024 ? null : text;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Creates the object, or replaces the one there (on its current resourceVersion; a conflict is retried once).</summary>
    public async Task<HttpStatusCode> ApplyAsync(string collectionPath, string name, JsonObject desired, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (status, current) = await SendAsync(HttpMethod.Get, $"{collectionPath}/{name}", null, cancellationToken).ConfigureAwait(false);
            if (status == HttpStatusCode.NotFound)
            {
                var (created, _) = await SendAsync(HttpMethod.Post, collectionPath, desired, cancellationToken).ConfigureAwait(false);
                if (created != HttpStatusCode.Conflict)
                {
                    return created;
                }
                continue;
            }
            if (status != HttpStatusCode.OK || current is null)
            {
                return status;
            }
            var replacement = (JsonObject)desired.DeepClone();
            ((JsonObject)replacement["metadata"]!)["resourceVersion"] = current["metadata"]?["resourceVersion"]?.DeepClone();
            var (replaced, _) = await SendAsync(HttpMethod.Put, $"{collectionPath}/{name}", replacement, cancellationToken).ConfigureAwait(false);
            if (replaced != HttpStatusCode.Conflict)
            {
                return replaced;
            }
        }
        return HttpStatusCode.Conflict;
    }
}
