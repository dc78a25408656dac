using System.Net;
using System.Security.Cryptography;
using System.Text;
using Palisade.Audit.Shipping;

namespace Palisade.Server.Notifications;

/// <summary>
/// Delivers spooled notifications to a webhook, one POST each: the body signed with HMAC-SHA256 of the shared secret
/// (<c>X-Palisade-Signature: sha256=…</c>), the notification's id as <c>Idempotency-Key</c>. A batch leaves the spool
/// only when every notification in it was accepted (2xx) or refused for good (4xx other than 408 and 429); on a
/// network error or a 5xx it stays, and the next attempt starts with it.
/// </summary>
public sealed class WebhookShipper(HttpClient http, WebhookOptions options, AlertSpool spool)
{
    public async Task<ShipReport> ShipAsync(CancellationToken cancellationToken)
    {
        int stored = 0, rejected = 0;
        var problems = new List<string>();
        var pending = spool.Pending();
        for (var b = 0; b < pending.Count; b++)
        {
            foreach (var notification in AlertSpool.Read(pending[b]))
            {
                var outcome = await SendAsync(notification, cancellationToken).ConfigureAwait(false);
                if (outcome is null)
                {
                    stored++;
                }
                else if (outcome.Value.Permanent)
                {
                    rejected++;
                    problems.Add(outcome.Value.Problem);
                }
                else
                {
                    problems.Add(outcome.Value.Problem);
                    return new ShipReport(stored, rejected, pending.Skip(b).Sum(p => AlertSpool.Read(p).Count), problems);
                }
            }
            AlertSpool.Done(pending[b]);
        }
        return new ShipReport(stored, rejected, 0, problems);
    }

    /// <summary>Null when delivered; otherwise why, and whether trying again could help.</summary>
    private async Task<(string Problem, bool Permanent)?> SendAsync(AlertDocument notification, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(notification.Json);
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", notification.Id);
        request.Headers.Add("X-Palisade-Event", VulnerabilityNotification.EventType);
        request.Headers.Add("X-Palisade-Signature", "sha256=" + Signature(options.Secret, body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Timeout);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }
            var status = (int)response.StatusCode;
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            return ($"notification {notification.Id}: the webhook answered {status}", permanent);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return ($"the webhook could not be reached ({ex.Message})", false);
        }
    }

    /// <summary>What a receiver computes to check a delivery: lower-case hex HMAC-SHA256 of the raw body.</summary>
    public static string Signature(byte[] secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));
}
