using System.Net.Http.Headers;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Reporting.Json;

namespace Palisade.Server.Client;

/// <summary>
/// The CLI's side of client mode: an SBOM (an image's inventory, made locally) is sent to a Palisade server, which
/// matches it against its database; the findings come back as the server's JSON report and join the local scan's.
/// </summary>
public sealed class ServerClient(Uri server, string? token, Func<HttpClient> http, TimeProvider clock)
{
    /// <summary>Submits <paramref name="sbom"/>, waits for the server to match it, and returns its findings and notes.</summary>
    public async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics)> MatchAsync(string sbom, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var shown = server.GetLeftPart(UriPartial.Authority);
        using var client = http();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var submit = Request(HttpMethod.Post, "api/v1/scans?kind=sbom");
            submit.Content = new StringContent(sbom, System.Text.Encoding.UTF8, "application/vnd.cyclonedx+json");
            string id;
            using (var response = await client.SendAsync(submit, deadline.Token).ConfigureAwait(false))
            {
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return Failed(shown, $"the server refused the inventory ({(int)response.StatusCode}: {Detail(body)})");
                }
                using var accepted = JsonDocument.Parse(body);
                id = accepted.RootElement.GetProperty("id").GetString()!;
            }
            var delay = TimeSpan.FromMilliseconds(100);
            while (true)
            {
                using var poll = Request(HttpMethod.Get, $"api/v1/scans/{Uri.EscapeDataString(id)}");
                using var response = await client.SendAsync(poll, deadline.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return Failed(shown, $"scan {id}: the server answered {(int)response.StatusCode} ({Detail(body)})");
                }
                using var status = JsonDocument.Parse(body);
                var state = status.RootElement.GetProperty("status").GetString();
                if (state == "done")
                {
                    return JsonReportReader.Read(status.RootElement.GetProperty("report").GetRawText(), $"{shown} scan {id}");
                }
                if (state == "failed")
                {
                    return Failed(shown, $"scan {id} failed on the server: {(status.RootElement.TryGetProperty("error", out var error) ? error.GetString() : "no reason given")}");
                }
                await Task.Delay(delay, clock, deadline.Token).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(1000, delay.TotalMilliseconds * 1.5));
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failed(shown, $"no result within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return Failed(shown, $"cannot reach the server ({ex.Message})");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
        {
            return Failed(shown, $"the server's answer is not what Palisade expects ({ex.Message})");
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(server, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return request;
    }

    /// <summary>A problem document's detail, or the start of whatever the body is.</summary>
    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
        }
        return body.Length > 200 ? body[..200] : body;
    }

    /// <summary>A server that could not match is an input error (exit 3): the scan did not look at vulnerabilities.</summary>
    private static (IReadOnlyList<Finding>, IReadOnlyList<Diagnostic>) Failed(string server, string message) => ([], [new Diagnostic(server, null, message + "; vulnerabilities were not matched")]);
}
