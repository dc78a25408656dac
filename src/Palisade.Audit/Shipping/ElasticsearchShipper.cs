using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Shipping;

public sealed record ElasticsearchOptions(Uri Url, string Index)
{
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? ApiKey { get; init; }
    public int Attempts { get; init; } = 5;
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>What a shipping round did: stored (new or already there), rejected by the receiver for good, left in the spool.</summary>
public sealed record ShipReport(int Stored, int Rejected, int Pending, IReadOnlyList<string> Problems);

/// <summary>
/// Ships spooled alerts to Elasticsearch through the _bulk API, oldest batch first: create with the alert's id (a
/// repeat is a harmless 409), per-item handling (429 and 5xx items are retried, other failures are reported and
/// dropped), back-off on 429, 5xx and broken connections, and the batch stays spooled until all of it is done.
/// </summary>
public sealed class ElasticsearchShipper(HttpClient http, ElasticsearchOptions options, AlertSpool spool)
{
    public async Task<ShipReport> ShipAsync(CancellationToken cancellationToken)
    {
        var stored = 0;
        var rejected = 0;
        var problems = new List<string>();
        foreach (var batch in spool.Pending())
        {
            var remaining = AlertSpool.Read(batch).ToList();
            for (var attempt = 1; remaining.Count > 0 && attempt <= options.Attempts; attempt++)
            {
                if (attempt > 1)
                {
                    await Task.Delay(options.FirstDelay * Math.Pow(2, attempt - 2), cancellationToken).ConfigureAwait(false);
                }
                var (done, retry, dropped, problem) = await SendAsync(remaining, cancellationToken).ConfigureAwait(false);
                stored += done;
                rejected += dropped.Count;
                problems.AddRange(dropped);
                if (problem is not null && attempt == options.Attempts)
                {
                    problems.Add(problem);
                }
                remaining = retry;
            }
            if (remaining.Count > 0)
            {
                // Keep the rest for the next run, in order; what was stored is not sent again (and would be a 409).
                return new ShipReport(stored, rejected, spool.Pending().Sum(b => AlertSpool.Read(b).Count), problems);
            }
            AlertSpool.Done(batch);
        }
        return new ShipReport(stored, rejected, 0, problems);
    }

    private async Task<(int Stored, List<AlertDocument> Retry, List<string> Dropped, string? Problem)> SendAsync(List<AlertDocument> alerts, CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        foreach (var alert in alerts)
        {
            body.Append("{\"create\":{\"_index\":").Append(JsonSerializer.Serialize(options.Index, ShippingJson.Default.String))
                .Append(",\"_id\":\"").Append(alert.Id).Append("\"}}\n").Append(alert.Json).Append('\n');
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Url, "_bulk"))
        {
            Content = new StringContent(body.ToString(), Encoding.UTF8, "application/x-ndjson"),
        };
        request.Headers.Authorization = options.ApiKey is { } key ? new AuthenticationHeaderValue("ApiKey", key)
            : options.Username is { } user ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}"))) : null;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (0, alerts, [], $"{options.Url}: {ex.Message}");
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                return (0, alerts, [], $"{options.Url}_bulk: HTTP {(int)response.StatusCode}");
            }
            if (!response.IsSuccessStatusCode)
            {
                // 401/403/400 on the whole request will not improve by retrying: keep the alerts spooled and say why.
                return (0, alerts, [], $"{options.Url}_bulk: HTTP {(int)response.StatusCode}; the alerts stay in the spool");
            }
            JsonDocument json;
            try
            {
                json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
            {
                return (0, alerts, [], $"{options.Url}_bulk: not a _bulk answer ({ex.Message})");
            }
            using var _ = json;
            var items = json.RootElement.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            if (items.Count != alerts.Count)
            {
                return (0, alerts, [], $"{options.Url}_bulk: answered {items.Count} items for {alerts.Count}");
            }
            var stored = 0;
            var retry = new List<AlertDocument>();
            var dropped = new List<string>();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i].EnumerateObject().FirstOrDefault().Value;
                var status = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
                if (status is >= 200 and < 300 or 409)
                {
                    stored++;
                }
                else if (status is 429 or >= 500 or 0)
                {
                    retry.Add(alerts[i]);
                }
                else
                {
                    var reason = item.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("reason", out var r) ? r.GetString() : $"status {status}";
                    dropped.Add($"alert {alerts[i].Id} rejected by Elasticsearch: {reason}");
                }
            }
            return (stored, retry, dropped, retry.Count > 0 ? $"{retry.Count} items to retry" : null);
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class ShippingJson : System.Text.Json.Serialization.JsonSerializerContext;
