using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.TestSupport;

/// <summary>
/// A loopback server that follows the documented _bulk contract (create with _id: 201, or 409 when the id exists;
/// per-item statuses) and fails on cue: whole-request 503, per-item 429, a mapping error, a dropped connection.
/// </summary>
public sealed class FakeElasticsearch : IDisposable
{
    private readonly LoopbackHttpServer _server;

    public FakeElasticsearch()
    {
        _server = new LoopbackHttpServer(HandleAsync);
    }

    public Dictionary<string, JsonObject> Stored { get; } = [];
    public int Requests { get; private set; }
    public int FailFirstRequests { get; set; }
    public int ResetFirstRequests { get; set; }
    public HashSet<string> ThrottleOnce { get; } = [];
    public int ThrottleAll { get; set; }
    public string? RejectMessageContaining { get; set; }
    public string? Authorization { get; private set; }

    /// <summary>The _index each stored document was sent to, by id.</summary>
    public Dictionary<string, string> Indexes { get; } = [];

    public string Url => $"http://127.0.0.1:{_server.Port}/";

    private async Task HandleAsync(HttpListenerContext context)
    {
        lock (Stored)
        {
            Requests++;
            Authorization = context.Request.Headers["Authorization"];
        }
        if (context.Request.Url!.AbsolutePath != "/_bulk")
        {
            context.Response.StatusCode = 404;
            return;
        }
        if (ResetFirstRequests > 0)
        {
            ResetFirstRequests--;
            context.Response.Abort();
            throw new IOException("reset on purpose");
        }
        if (ThrottleAll > 0)
        {
            ThrottleAll--;
            context.Response.StatusCode = 429;
            return;
        }
        if (FailFirstRequests > 0)
        {
            FailFirstRequests--;
            context.Response.StatusCode = 503;
            return;
        }
        using var reader = new StreamReader(context.Request.InputStream);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = new JsonArray();
        for (var i = 0; i + 1 < lines.Length; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!["create"]!;
            var id = action["_id"]!.GetValue<string>();
            var document = JsonNode.Parse(lines[i + 1])!.AsObject();
            int status;
            lock (Stored)
            {
                if (ThrottleOnce.Remove(id))
                {
                    status = 429;
                }
                else if (RejectMessageContaining is { } text && document["message"]!.GetValue<string>().Contains(text, StringComparison.Ordinal))
                {
                    status = 400;
                }
                else if (Stored.ContainsKey(id))
                {
                    status = 409;
                }
                else
                {
                    Stored[id] = document;
                    Indexes[id] = action["_index"]!.GetValue<string>();
                    status = 201;
                }
            }
            var item = new JsonObject { ["_id"] = id, ["status"] = status };
            if (status == 400)
            {
                item["error"] = new JsonObject { ["type"] = "mapper_parsing_exception", ["reason"] = "failed to parse field" };
            }
            items.Add(new JsonObject { ["create"] = item });
        }
        var body = Encoding.UTF8.GetBytes(new JsonObject { ["took"] = 1, ["errors"] = items.Any(i => i!["create"]!["status"]!.GetValue<int>() >= 300), ["items"] = items }.ToJsonString());
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(body);
    }

    public void Dispose() => _server.Dispose();
}
