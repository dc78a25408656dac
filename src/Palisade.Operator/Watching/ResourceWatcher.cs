using System.Net;
using System.Text;
using System.Text.Json;
using Palisade.Cluster.Api;

namespace Palisade.Operator.Watching;

/// <summary>
/// Keeps one resource in view as an informer does: a list, then a watch from the list's resourceVersion (with
/// bookmarks, so a reconnect resumes from a recent version), reconnecting when the stream ends or drops, and listing
/// again after 410 Gone. It remembers each object's resourceVersion, so handlers see every change exactly once: a
/// re-list reports only what differs from what was seen (including deletions missed while away), and an event
/// already seen is not passed on twice.
/// </summary>
public sealed class ResourceWatcher(ClusterConnection connection, WatchedResource resource, Backoff backoff, IWatchObserver? observer = null)
{
    private const int WatchSeconds = 300;
    private const int MaxLineBytes = 16 * 1024 * 1024;
    private readonly Dictionary<string, (string Version, JsonElement Object)> _seen = new(StringComparer.Ordinal);
    private readonly ApiClient _api = new(connection);

    /// <summary>The resourceVersion the next watch starts from.</summary>
    public string? Version { get; private set; }

    /// <summary>Runs until cancelled; <paramref name="handle"/> gets each change once, in order.</summary>
    public async Task RunAsync(Func<WatchEvent, CancellationToken, ValueTask> handle, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (Version is null)
                {
                    await RelistAsync(handle, cancellationToken).ConfigureAwait(false);
                }
                var outcome = await WatchAsync(handle, cancellationToken).ConfigureAwait(false);
                if (outcome == WatchOutcome.Gone)
                {
                    observer?.Restarted(resource, "410 Gone: listing again");
                    Version = null;
                    continue;
                }
                backoff.Reset();
                observer?.Restarted(resource, "watch ended: resuming");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or WatchException or TaskCanceledException)
            {
                observer?.Failed(resource, ex.Message);
                await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task RelistAsync(Func<WatchEvent, CancellationToken, ValueTask> handle, CancellationToken cancellationToken)
    {
        var (status, body, problem) = await _api.GetAsync(resource.ListPath, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            throw new WatchException(problem ?? $"{resource.ListPath}: HTTP {status}");
        }
        using (body)
        {
            var root = body.RootElement;
            if (!root.TryGetProperty("items", out var items) || items.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                throw new WatchException($"{resource.ListPath}: not a list");
            }
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items.ValueKind == JsonValueKind.Array ? items.EnumerateArray() : default)
            {
                var obj = Typed(item.Clone());
                var key = Key(obj);
                listed.Add(key);
                await ObserveAsync(_seen.ContainsKey(key) ? WatchEventType.Modified : WatchEventType.Added, obj, handle, cancellationToken).ConfigureAwait(false);
            }
            foreach (var gone in _seen.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                await ObserveAsync(WatchEventType.Deleted, _seen[gone].Object, handle, cancellationToken).ConfigureAwait(false);
            }
            Version = root.GetProperty("metadata").GetProperty("resourceVersion").GetString();
        }
    }

    private async Task<WatchOutcome> WatchAsync(Func<WatchEvent, CancellationToken, ValueTask> handle, CancellationToken cancellationToken)
    {
        var path = $"{resource.ListPath}?watch=1&allowWatchBookmarks=true&timeoutSeconds={WatchSeconds}&resourceVersion={Uri.EscapeDataString(Version!)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Server, path));
        request.Headers.Authorization = await connection.AuthorizationAsync(cancellationToken).ConfigureAwait(false);
        using var response = await connection.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            return WatchOutcome.Gone;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new WatchException($"{resource.ListPath}: watch refused (HTTP {(int)response.StatusCode})");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await ReadLineAsync(reader, cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            using var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 128 });
            var type = document.RootElement.GetProperty("type").GetString();
            var obj = document.RootElement.GetProperty("object");
            switch (type)
            {
                case "ADDED" or "MODIFIED" or "DELETED":
                    var typed = Typed(obj.Clone());
                    var kind = type == "DELETED" ? WatchEventType.Deleted : _seen.ContainsKey(Key(typed)) ? WatchEventType.Modified : WatchEventType.Added;
                    await ObserveAsync(kind, typed, handle, cancellationToken).ConfigureAwait(false);
                    Version = VersionOf(typed) ?? Version;
                    break;
                case "BOOKMARK":
                    Version = VersionOf(obj) ?? Version;
                    break;
                case "ERROR":
                    if (obj.TryGetProperty("code", out var code) && code.GetInt32() == 410)
                    {
                        return WatchOutcome.Gone;
                    }
                    throw new WatchException($"{resource.ListPath}: watch error {(obj.TryGetProperty("message", out var m) ? m.GetString() : "")}");
            }
        }
        return WatchOutcome.Ended;
    }

    /// <summary>Passes a change on unless it was already seen (same resourceVersion), and remembers it.</summary>
    private async ValueTask ObserveAsync(WatchEventType type, JsonElement obj, Func<WatchEvent, CancellationToken, ValueTask> handle, CancellationToken cancellationToken)
    {
        var key = Key(obj);
        var version = VersionOf(obj) ?? "";
        if (type == WatchEventType.Deleted)
        {
            if (!_seen.Remove(key))
            {
                return;
            }
        }
        else
        {
            if (_seen.TryGetValue(key, out var known) && known.Version == version)
            {
                return;
            }
            _seen[key] = (version, obj);
        }
        await handle(new WatchEvent(resource, type, obj), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>List items carry no kind; the operator's checks want one.</summary>
    private JsonElement Typed(JsonElement item)
    {
        if (item.TryGetProperty("kind", out _))
        {
            return item;
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", resource.ApiVersion);
            writer.WriteString("kind", resource.Kind);
            foreach (var property in item.EnumerateObject())
            {
                if (property.Name is not ("apiVersion" or "kind"))
                {
                    property.WriteTo(writer);
                }
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static string Key(JsonElement obj)
    {
        var metadata = obj.GetProperty("metadata");
        var ns = metadata.TryGetProperty("namespace", out var n) ? n.GetString() : null;
        return $"{ns}/{metadata.GetProperty("name").GetString()}";
    }

    private static string? VersionOf(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var m) && m.TryGetProperty("resourceVersion", out var v) ? v.GetString() : null;

    /// <summary>A line of the stream, refusing one larger than any object could be.</summary>
    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line is { Length: > MaxLineBytes } ? throw new WatchException("a watch event is larger than 16 MiB") : line;
    }

    private enum WatchOutcome
    {
        Ended,
        Gone,
    }
}

/// <summary>The watch stream or list answered something unusable.</summary>
public sealed class WatchException(string message) : Exception(message);

/// <summary>What the operator's metrics and logs learn from watchers.</summary>
public interface IWatchObserver
{
    void Restarted(WatchedResource resource, string reason);

    void Failed(WatchedResource resource, string reason);
}
