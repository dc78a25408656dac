using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Palisade.Server.Security;
using Palisade.Server.Storage;
using Palisade.Server.Work;

namespace Palisade.Server.Api;

/// <summary>The HTTP API: one method per endpoint, each reading its input, checking it and answering in JSON.</summary>
internal sealed class ServerEndpoints(ServerOptions options, AllowedRoots roots, ScanStore scans, ImageStore images, FindingStore findings, Rematcher rematcher, ScanWorkers workers)
{
    private const int MaxJsonRequestBytes = 64 * 1024;

    private static readonly Dictionary<string, string> ReportTypes = new(StringComparer.Ordinal)
    {
        ["json"] = "application/json",
        ["sarif"] = "application/sarif+json",
        ["junit"] = "application/xml",
        ["cyclonedx"] = "application/vnd.cyclonedx+json",
        ["spdx"] = "application/spdx+json",
        ["table"] = "text/plain",
    };

    public async Task SubmitScanAsync(HttpContext context)
    {
        var caller = (Caller)context.Items[nameof(Caller)]!;
        var request = context.Request;
        string kind;
        string? target = null;
        byte[]? body = null;
        if (request.Query["kind"].Count == 0 && (request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = await ReadBodyAsync(request, MaxJsonRequestBytes, context.RequestAborted).ConfigureAwait(false);
            ApiScanRequest? named;
            try
            {
                named = JsonSerializer.Deserialize(bytes, ApiJson.Context.ApiScanRequest);
            }
            catch (JsonException ex)
            {
                throw new ApiException(400, $"the request is not valid JSON ({ex.Message.Split(" Path:")[0]})");
            }
            kind = Kind(named?.Kind);
            target = named?.Target is { Length: > 0 } t ? t : throw new ApiException(400, "'target' is required (or upload the content with ?kind=…)");
            CheckTarget(kind, target);
        }
        else
        {
            kind = Kind(request.Query["kind"].ToString());
            if (kind == "image")
            {
                throw new ApiException(400, "images are not uploaded: name an image reference or a path under an allowed directory in 'target', or upload its SBOM (kind=sbom)");
            }
            body = await ReadBodyAsync(request, options.MaxUploadBytes, context.RequestAborted).ConfigureAwait(false);
            if (body.Length == 0)
            {
                throw new ApiException(400, "the upload is empty");
            }
        }
        var id = await scans.SubmitAsync(kind, target, body, caller.Name, context.RequestAborted).ConfigureAwait(false);
        workers.Wake();
        var location = $"/api/v1/scans/{id}";
        context.Response.StatusCode = 202;
        context.Response.Headers.Location = location;
        await JsonSerializer.SerializeAsync(context.Response.Body, new ApiAccepted(id, "queued", location), ApiJson.Context.ApiAccepted, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task GetScanAsync(HttpContext context)
    {
        var id = Route(context, "id");
        var scan = await scans.GetAsync(id, context.RequestAborted).ConfigureAwait(false) ?? throw new ApiException(404, $"no scan '{id}'");
        var report = scan.Status == "done" ? await scans.ReportAsync(id, "json", context.RequestAborted).ConfigureAwait(false) : null;
        await WriteJsonAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", scan.Id);
            writer.WriteString("kind", scan.Kind);
            WriteIf(writer, "target", scan.Target);
            writer.WriteString("status", scan.Status);
            writer.WriteString("submittedBy", scan.SubmittedBy);
            writer.WriteString("submittedAt", Time(scan.SubmittedAt));
            WriteIf(writer, "startedAt", scan.StartedAt is { } s ? Time(s) : null);
            WriteIf(writer, "finishedAt", scan.FinishedAt is { } f ? Time(f) : null);
            writer.WriteNumber("attempts", scan.Attempts);
            WriteIf(writer, "error", scan.Error);
            WriteIf(writer, "imageDigest", scan.ImageDigest);
            if (scan.Summary is not null)
            {
                writer.WritePropertyName("summary");
                writer.WriteRawValue(scan.Summary);
            }
            if (report is not null)
            {
                writer.WritePropertyName("report");
                writer.WriteRawValue(report);
            }
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task GetReportAsync(HttpContext context)
    {
        var id = Route(context, "id");
        var format = context.Request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "json";
        if (!ReportTypes.TryGetValue(format, out var contentType))
        {
            throw new ApiException(400, $"format '{format}' is not one of {string.Join(", ", ReportTypes.Keys)}");
        }
        var scan = await scans.GetAsync(id, context.RequestAborted).ConfigureAwait(false) ?? throw new ApiException(404, $"no scan '{id}'");
        if (scan.Status != "done")
        {
            throw new ApiException(409, $"scan '{id}' is {scan.Status}; its report exists once it is done");
        }
        var body = await scans.ReportAsync(id, format, context.RequestAborted).ConfigureAwait(false)
            ?? throw new ApiException(404, $"a {scan.Kind} scan has no {format} report (SBOM formats are for image and sbom scans)");
        context.Response.ContentType = contentType + "; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task GetImageAsync(HttpContext context)
    {
        var digest = Route(context, "digest");
        var image = await images.GetAsync(digest, context.RequestAborted).ConfigureAwait(false) ?? throw new ApiException(404, $"no image '{digest}' has been scanned");
        var vulnerabilities = await images.VulnerabilitiesAsync(digest, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("digest", image.Digest);
            writer.WriteString("reference", image.Reference);
            writer.WriteString("firstSeen", Time(image.FirstSeen));
            writer.WriteString("lastScanned", Time(image.LastScanned));
            writer.WriteString("matchedAt", Time(image.MatchedAt));
            writer.WritePropertyName("inventory");
            writer.WriteRawValue(image.Inventory);
            writer.WriteStartArray("vulnerabilities");
            foreach (var v in vulnerabilities)
            {
                writer.WriteRawValue(v.Body);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task GetFindingsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var severities = query["severity"].SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(s => s.ToLowerInvariant()).ToList();
        if (severities.FirstOrDefault(s => s is not ("critical" or "high" or "medium" or "low" or "info")) is { } bad)
        {
            throw new ApiException(400, $"severity '{bad}' is not critical, high, medium, low or info");
        }
        var limit = query["limit"].ToString() is { Length: > 0 } l ? int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000 ? n
            : throw new ApiException(400, "limit must be a number from 1 to 1000") : 100;
        // An unescaped "+00:00" arrives as " 00:00": read it as the offset it was.
        long? since = query["since"].ToString().Replace(' ', '+') is { Length: > 0 } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUnixTimeMilliseconds()
            : throw new ApiException(400, $"since '{text}' is not an RFC 3339 time") : null;
        FindingPage page;
        try
        {
            page = await findings.QueryAsync(new FindingQuery(severities, Empty(query["check"]), Empty(query["image"]), since, Empty(query["after"]), limit), context.RequestAborted).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            throw new ApiException(400, ex.Message);
        }
        await WriteJsonAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("findings");
            foreach (var (scanId, createdAt, body) in page.Findings)
            {
                writer.WriteStartObject();
                writer.WriteString("scanId", scanId);
                writer.WriteString("createdAt", Time(createdAt));
                writer.WritePropertyName("finding");
                writer.WriteRawValue(body);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            WriteIf(writer, "next", page.Next);
            writer.WriteEndObject();
        }).ConfigureAwait(false);
    }

    public async Task RematchAsync(HttpContext context)
    {
        var outcome = await rematcher.RematchAllAsync(context.RequestAborted).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(context.Response.Body, new ApiRematch(outcome.Images, outcome.NewVulnerabilities, Math.Round(outcome.Took.TotalSeconds, 3), outcome.DatabaseVersion),
            ApiJson.Context.ApiRematch, context.RequestAborted).ConfigureAwait(false);
    }

    private static string Kind(string? kind) =>
        kind is { Length: > 0 } && ScanKinds.All.Contains(kind) ? kind : throw new ApiException(400, $"'kind' must be one of {string.Join(", ", ScanKinds.All)}");

    /// <summary>Refuses at once what the worker would refuse later: paths outside the roots, registry pulls when off.</summary>
    private void CheckTarget(string kind, string target)
    {
        if (!Path.IsPathFullyQualified(target))
        {
            if (kind == "image" && options.AllowRegistry)
            {
                return;
            }
            throw new ApiException(400, kind == "image"
                ? $"'{target}' is a registry reference and this server does not pull images"
                : $"'{target}' must be an absolute path under a directory this server may read");
        }
        var path = target;
        var cut = target.LastIndexOf('/');
        var mark = target.IndexOfAny([':', '@'], cut + 1);
        if (kind == "image" && mark > 0 && !Path.Exists(target))
        {
            path = target[..mark];
        }
        if (roots.Resolve(path) is null)
        {
            // The same answer for a missing file and a forbidden one: the API does not reveal what exists outside the roots.
            throw new ApiException(403, $"'{target}' is not a path under a directory this server may read (--allow-path)");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, long cap, CancellationToken cancellationToken)
    {
        if (request.ContentLength > cap)
        {
            throw new ApiException(413, $"the request body is over {cap:N0} bytes");
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                throw new ApiException(413, $"the request body is over {cap:N0} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Route(HttpContext context, string name) => context.Request.RouteValues[name]?.ToString() ?? "";

    private static string? Empty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;

    private static string Time(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteIf(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    internal static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}
