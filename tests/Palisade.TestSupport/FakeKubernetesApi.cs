using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.TestSupport;

/// <summary>One kind of object the fake API server serves: its group, version, plural resource and scope.</summary>
public sealed record FakeResource(string Group, string Version, string Resource, string Kind, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Prefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
}

/// <summary>
/// A Kubernetes API server on 127.0.0.1 (plain HTTP) holding objects in memory, with the real JSON shapes: paged-free
/// lists with a resourceVersion, chunked watch streams from a resourceVersion (ADDED, MODIFIED, DELETED, BOOKMARK, and
/// an ERROR 410 Gone once events before it are compacted), create (201, 409 AlreadyExists), update with optimistic
/// concurrency (409 Conflict), status updates, delete. The test changes objects (as controllers would) and injects
/// faults: compaction, dropped watch connections.
/// </summary>
public sealed class FakeKubernetesApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Resource, string Namespace, string Name), JsonObject> _objects = [];
    private readonly List<(long Version, string Resource, string Type, JsonObject Object)> _events = [];
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly Dictionary<(string Resource, string Namespace, string Name), int> _clientWrites = [];
    private readonly Dictionary<(string Namespace, string Pod), string> _logs = [];
    private long _version = 100;
    private long _compactedBefore;
    private int _watchGeneration;

    public FakeKubernetesApi(IEnumerable<FakeResource> resources)
    {
        foreach (var resource in resources)
        {
            _resources[resource.Resource] = resource;
        }
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Seconds between bookmarks on a watch that asked for them (0: none).</summary>
    public double BookmarkSeconds { get; set; } = 0.2;

    /// <summary>Requests as "METHOD path?query", in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public string WriteKubeconfig(string directory, string token = "operator-token")
    {
        var path = Path.Combine(directory, $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Url}
            users:
            - name: operator
              user:
                token: {token}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: operator
            current-context: fake
            """);
        return path;
    }

    /// <summary>Creates or replaces an object as a controller or user would; watchers see ADDED or MODIFIED.</summary>
    public JsonObject Apply(string resource, JsonObject obj)
    {
        lock (_gate)
        {
            var key = Key(resource, obj);
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            return Store(resource, key, obj, type, _objects.TryGetValue(key, out var old) ? old : null);
        }
    }

    public void Delete(string resource, string? @namespace, string name)
    {
        lock (_gate)
        {
            if (_objects.Remove((resource, @namespace ?? "", name), out var old))
            {
                Record(resource, "DELETED", Stamp(old, ++_version));
            }
        }
    }

    public JsonObject? Get(string resource, string? @namespace, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue((resource, @namespace ?? "", name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public IReadOnlyList<JsonObject> List(string resource)
    {
        lock (_gate)
        {
            return [.. _objects.Where(o => o.Key.Resource == resource).OrderBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal).Select(o => (JsonObject)o.Value.DeepClone())];
        }
    }

    /// <summary>What GET …/pods/NAME/log answers for a pod.</summary>
    public void SetLog(string @namespace, string pod, string text)
    {
        lock (_gate)
        {
            _logs[(@namespace, pod)] = text;
        }
    }

    /// <summary>How many times a client created or replaced the object over HTTP.</summary>
    public int ClientWrites(string resource, string? @namespace, string name)
    {
        lock (_gate)
        {
            return _clientWrites.GetValueOrDefault((resource, @namespace ?? "", name));
        }
    }

    /// <summary>Forgets the events so far: a watch from an older resourceVersion gets 410 Gone, as after etcd compaction.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _compactedBefore = _version + 1;
            _events.Clear();
        }
    }

    /// <summary>
    /// An outage: watches are cut, the changes happen, and the history is compacted before anyone reconnects, so a
    /// watch resuming from before the outage gets 410 Gone and must list again.
    /// </summary>
    public void Outage(Action changes)
    {
        lock (_gate)
        {
            _watchGeneration++;
            changes();
            _compactedBefore = _version + 1;
            _events.Clear();
            Wake();
        }
    }

    /// <summary>Cuts every open watch connection, as a load balancer or an API server restart would.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            _watchGeneration++;
            Wake();
        }
    }

    private JsonObject Store(string resource, (string, string, string) key, JsonObject obj, string type, JsonObject? old)
    {
        var copy = (JsonObject)obj.DeepClone();
        var definition = _resources[resource];
        copy["apiVersion"] = definition.ApiVersion;
        copy["kind"] = definition.Kind;
        var metadata = copy["metadata"] as JsonObject ?? new JsonObject();
        copy["metadata"] = metadata;
        metadata["uid"] = old?["metadata"]?["uid"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = old?["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? "2026-12-08T00:00:00Z";
        metadata["generation"] = (old?["metadata"]?["generation"]?.GetValue<long>() ?? 0) + 1;
        Stamp(copy, ++_version);
        _objects[key] = copy;
        Record(resource, type, copy);
        return (JsonObject)copy.DeepClone();
    }

    private static JsonObject Stamp(JsonObject obj, long version)
    {
        ((JsonObject)obj["metadata"]!)["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return obj;
    }

    private void Record(string resource, string type, JsonObject obj)
    {
        _events.Add((_version, resource, type, (JsonObject)obj.DeepClone()));
        Wake();
    }

    private void Wake()
    {
        foreach (var waiter in _waiters)
        {
            waiter.TrySetResult();
        }
        _waiters.Clear();
    }

    private (string Resource, string Namespace, string Name) Key(string resource, JsonObject obj) =>
        (resource, _resources[resource].Namespaced ? obj["metadata"]?["namespace"]?.GetValue<string>() ?? "default" : "", obj["metadata"]?["name"]?.GetValue<string>() ?? throw new ArgumentException("no metadata.name"));

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        lock (_requests)
        {
            _requests.Add($"{request.HttpMethod} {request.Url!.PathAndQuery}");
        }
        try
        {
            var route = Route(request.Url!.AbsolutePath);
            if (route is null)
            {
                await WriteAsync(response, 404, Status(404, "NotFound", "the server could not find the requested resource"));
                return;
            }
            var (resource, ns, name, subresource) = route.Value;
            var query = request.QueryString;
            switch (request.HttpMethod)
            {
                case "GET" when name is null && query["watch"] is "1" or "true":
                    await WatchAsync(response, resource, ns, query["resourceVersion"], query["allowWatchBookmarks"] == "true", query["timeoutSeconds"]);
                    return;
                case "GET" when name is null:
                    await WriteAsync(response, 200, ListBody(resource, ns, query["labelSelector"]));
                    return;
                case "GET" when subresource == "log":
                    string? log;
                    lock (_gate)
                    {
                        log = _logs.GetValueOrDefault((ns ?? "", name));
                    }
                    await WriteAsync(response, log is null ? 404 : 200, log ?? Status(404, "NotFound", $"no log for pod \"{name}\""));
                    return;
                case "GET":
                    var found = Get(resource.Resource, ns, name);
                    await WriteAsync(response, found is null ? 404 : 200, found?.ToJsonString() ?? Status(404, "NotFound", $"{resource.Resource} \"{name}\" not found"));
                    return;
                case "POST" when name is null:
                    await WriteAsync(response, CreateFromRequest(resource, ns, await ReadBodyAsync(request), out var created), created);
                    return;
                case "PUT" when name is not null:
                    await WriteAsync(response, UpdateFromRequest(resource, ns, name, subresource, await ReadBodyAsync(request), out var updated), updated);
                    return;
                case "DELETE" when name is not null:
                    var existed = Get(resource.Resource, ns, name) is not null;
                    Delete(resource.Resource, ns, name);
                    await WriteAsync(response, existed ? 200 : 404, existed ? Status(200, "Success", "deleted") : Status(404, "NotFound", $"{resource.Resource} \"{name}\" not found"));
                    return;
                default:
                    await WriteAsync(response, 405, Status(405, "MethodNotAllowed", request.HttpMethod));
                    return;
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            response.Abort();
        }
    }

    private int CreateFromRequest(FakeResource resource, string? ns, JsonObject? body, out string answer)
    {
        if (body?["metadata"]?["name"] is null)
        {
            answer = Status(422, "Invalid", "metadata.name: Required value");
            return 422;
        }
        if (resource.Namespaced)
        {
            ((JsonObject)body["metadata"]!)["namespace"] = ns;
        }
        lock (_gate)
        {
            var key = Key(resource.Resource, body);
            if (_objects.ContainsKey(key))
            {
                answer = Status(409, "AlreadyExists", $"{resource.Resource} \"{key.Name}\" already exists");
                return 409;
            }
            answer = Store(resource.Resource, key, body, "ADDED", null).ToJsonString();
            _clientWrites[key] = _clientWrites.GetValueOrDefault(key) + 1;
            return 201;
        }
    }

    private int UpdateFromRequest(FakeResource resource, string? ns, string name, string? subresource, JsonObject? body, out string answer)
    {
        if (body is null)
        {
            answer = Status(400, "BadRequest", "no body");
            return 400;
        }
        lock (_gate)
        {
            var key = (resource.Resource, resource.Namespaced ? ns ?? "default" : "", name);
            if (!_objects.TryGetValue(key, out var current))
            {
                answer = Status(404, "NotFound", $"{resource.Resource} \"{name}\" not found");
                return 404;
            }
            var sent = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (sent is not null && sent != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                answer = Status(409, "Conflict", $"Operation cannot be fulfilled on {resource.Resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
                return 409;
            }
            var next = (JsonObject)current.DeepClone();
            if (subresource == "status")
            {
                next["status"] = body["status"]?.DeepClone();
            }
            else
            {
                next = (JsonObject)body.DeepClone();
                next.Remove("status");
                if (current["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
            }
            answer = Store(resource.Resource, key, next, "MODIFIED", current).ToJsonString();
            _clientWrites[key] = _clientWrites.GetValueOrDefault(key) + 1;
            return 200;
        }
    }

    private string ListBody(FakeResource resource, string? ns, string? labelSelector)
    {
        // Equality selectors only ("a=b,c=d"), as the operator uses them.
        var wanted = (labelSelector ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        bool Selected(JsonObject obj) => wanted.All(w => obj["metadata"]?["labels"]?[w[0]]?.GetValue<string>() == w[1]);
        lock (_gate)
        {
            var items = new JsonArray([.. _objects.Where(o => o.Key.Resource == resource.Resource && (ns is null || o.Key.Namespace == ns) && Selected(o.Value))
                .OrderBy(o => o.Key.Namespace, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal).Select(o => (JsonNode)o.Value.DeepClone())]);
            return new JsonObject
            {
                ["kind"] = resource.Kind + "List",
                ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = _version.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["items"] = items,
            }.ToJsonString();
        }
    }

    private async Task WatchAsync(HttpListenerResponse response, FakeResource resource, string? ns, string? from, bool bookmarks, string? timeoutSeconds)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.SendChunked = true;
        var since = long.TryParse(from, out var v) ? v : 0;
        var deadline = DateTime.UtcNow.AddSeconds(double.TryParse(timeoutSeconds, System.Globalization.CultureInfo.InvariantCulture, out var t) ? Math.Min(t, 60) : 60);
        int generation;
        lock (_gate)
        {
            generation = _watchGeneration;
            if (since > 0 && since < _compactedBefore - 1)
            {
                var gone = new JsonObject { ["type"] = "ERROR", ["object"] = JsonNode.Parse(Status(410, "Expired", $"too old resource version: {since} ({_compactedBefore - 1})")) };
                _ = WriteLineAsync(response, gone.ToJsonString()).ContinueWith(_ => response.Close(), TaskScheduler.Default);
                return;
            }
        }
        var lastBookmark = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline && !_stop.IsCancellationRequested)
        {
            List<string> lines;
            Task wake;
            lock (_gate)
            {
                if (generation != _watchGeneration)
                {
                    response.Abort();
                    return;
                }
                lines = [.. _events.Where(e => e.Version > since && e.Resource == resource.Resource && (ns is null || e.Object["metadata"]?["namespace"]?.GetValue<string>() == ns))
                    .Select(e => new JsonObject { ["type"] = e.Type, ["object"] = e.Object.DeepClone() }.ToJsonString())];
                since = _version;
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(waiter);
                wake = waiter.Task;
            }
            foreach (var line in lines)
            {
                await WriteLineAsync(response, line);
            }
            if (bookmarks && BookmarkSeconds > 0 && (DateTime.UtcNow - lastBookmark).TotalSeconds >= BookmarkSeconds)
            {
                lastBookmark = DateTime.UtcNow;
                var bookmark = new JsonObject
                {
                    ["type"] = "BOOKMARK",
                    ["object"] = new JsonObject { ["kind"] = resource.Kind, ["apiVersion"] = resource.ApiVersion, ["metadata"] = new JsonObject { ["resourceVersion"] = since.ToString(System.Globalization.CultureInfo.InvariantCulture) } },
                };
                await WriteLineAsync(response, bookmark.ToJsonString());
            }
            await Task.WhenAny(wake, Task.Delay(TimeSpan.FromSeconds(Math.Max(0.05, BookmarkSeconds)), _stop.Token)).ConfigureAwait(false);
        }
        response.Close();
    }

    private static async Task WriteLineAsync(HttpListenerResponse response, string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        await response.OutputStream.WriteAsync(bytes);
        await response.OutputStream.FlushAsync();
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    private static async Task<JsonObject?> ReadBodyAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>/api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]] and the same under /apis/GROUP/VERSION.</summary>
    private (FakeResource Resource, string? Namespace, string? Name, string? Subresource)? Route(string path)
    {
        var parts = path.Trim('/').Split('/');
        var rest = parts switch
        {
            ["api", _, .. var r] => r,
            ["apis", _, _, .. var r] => r,
            _ => null,
        };
        if (rest is null || rest.Length == 0)
        {
            return null;
        }
        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }
        if (!_resources.TryGetValue(rest[0], out var resource) || !path.StartsWith(resource.Prefix + "/", StringComparison.Ordinal))
        {
            return null;
        }
        return (resource, ns, rest.Length > 1 ? rest[1] : null, rest.Length > 2 ? rest[2] : null);
    }

    private static string Status(int code, string reason, string message) =>
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = code < 400 ? "Success" : "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code }.ToJsonString();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        lock (_gate)
        {
            Wake();
        }
        _listener.Stop();
        _listener.Close();
        _stop.Dispose();
    }
}
