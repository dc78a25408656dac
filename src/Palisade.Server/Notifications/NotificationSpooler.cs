using Palisade.Audit.Shipping;

namespace Palisade.Server.Notifications;

/// <summary>Takes notifications to their sinks.</summary>
public interface INotificationSink
{
    Task EnqueueAsync(IReadOnlyList<AlertDocument> notifications, CancellationToken cancellationToken);
}

/// <summary>
/// Notifications are written to each sink's spool on disk before anything is sent (a batch file is whole or absent,
/// see <see cref="AlertSpool"/>), then shipped, oldest first; a sink that is down keeps its batches until it is back.
/// </summary>
public sealed class NotificationSpooler : INotificationSink, IDisposable
{
    private readonly NotificationOptions _options;
    private readonly Func<HttpClient> _http;
    private readonly TextWriter _log;
    private readonly AlertSpool? _webhookSpool;
    private readonly AlertSpool? _elasticsearchSpool;
    private readonly AlertSpool? _syslogSpool;
    private readonly SemaphoreSlim _wake = new(0);

    public NotificationSpooler(NotificationOptions options, Func<HttpClient> http, TextWriter log)
    {
        _options = options;
        _http = http;
        _log = log;
        _webhookSpool = options.Webhook is null ? null : new AlertSpool(Path.Combine(options.SpoolDirectory, "webhook"));
        _elasticsearchSpool = options.Elasticsearch is null ? null : new AlertSpool(Path.Combine(options.SpoolDirectory, "elasticsearch"));
        _syslogSpool = options.Syslog is null ? null : new AlertSpool(Path.Combine(options.SpoolDirectory, "syslog"));
    }

    /// <summary>Notifications waiting for a sink, over all sinks' spools.</summary>
    public int Pending => new[] { _webhookSpool, _elasticsearchSpool, _syslogSpool }.OfType<AlertSpool>().SelectMany(spool => spool.Pending()).Sum(Count);

    /// <summary>A batch's notifications, or none when it was shipped (and deleted) while being counted.</summary>
    private static int Count(string batch)
    {
        try
        {
            return AlertSpool.Read(batch).Count;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public Task EnqueueAsync(IReadOnlyList<AlertDocument> notifications, CancellationToken cancellationToken)
    {
        foreach (var chunk in notifications.Chunk(500))
        {
            _webhookSpool?.Append(chunk);
            _elasticsearchSpool?.Append(chunk);
            _syslogSpool?.Append(chunk);
        }
        _wake.Release();
        return Task.CompletedTask;
    }

    /// <summary>Ships what is spooled until cancelled: at once when something is enqueued, and on a timer while a sink is down.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await ShipOnceAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _wake.WaitAsync(_options.RetryInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task ShipOnceAsync(CancellationToken cancellationToken)
    {
        if (_webhookSpool is not null && _options.Webhook is { } webhook)
        {
            using var client = _http();
            var report = await new WebhookShipper(client, webhook, _webhookSpool).ShipAsync(cancellationToken).ConfigureAwait(false);
            await LogAsync("webhook " + webhook.Url.GetLeftPart(UriPartial.Path), report).ConfigureAwait(false);
        }
        if (_elasticsearchSpool is not null && _options.Elasticsearch is { } elasticsearch)
        {
            using var client = _http();
            var report = await new ElasticsearchShipper(client, elasticsearch, _elasticsearchSpool).ShipAsync(cancellationToken).ConfigureAwait(false);
            await LogAsync("elasticsearch " + elasticsearch.Url.GetLeftPart(UriPartial.Path), report).ConfigureAwait(false);
        }
        if (_syslogSpool is not null && _options.Syslog is { } syslog)
        {
            await LogAsync($"syslog {syslog.Host}:{syslog.Port}", await ShipToSyslogAsync(syslog, _syslogSpool, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
    }

    /// <summary>Each batch as RFC 5424 messages (the image named in the message); a batch leaves the spool once sent.</summary>
    private static async Task<ShipReport> ShipToSyslogAsync(SyslogOptions syslog, AlertSpool spool, CancellationToken cancellationToken)
    {
        var sent = 0;
        var pending = spool.Pending();
        for (var b = 0; b < pending.Count; b++)
        {
            var findings = AlertSpool.Read(pending[b]).Select(ToFinding).OfType<Core.Findings.Finding>().ToList();
            try
            {
                await new SyslogSender(syslog).SendAsync(findings, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or System.Security.Authentication.AuthenticationException
                or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return new ShipReport(sent, 0, pending.Count - b, [$"the syslog receiver could not be reached ({ex.Message})"]);
            }
            sent += findings.Count;
            AlertSpool.Done(pending[b]);
        }
        return new ShipReport(sent, 0, 0, []);
    }

    /// <summary>A notification as the finding it reports, its message prefixed with the image; null for a malformed one.</summary>
    private static Core.Findings.Finding? ToFinding(AlertDocument notification)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(notification.Json);
            var root = document.RootElement;
            var finding = Reporting.Json.JsonReportReader.ReadFinding(root.GetProperty("finding").GetRawText());
            var image = root.GetProperty("image");
            return finding with
            {
                Message = $"{image.GetProperty("reference").GetString()} ({image.GetProperty("digest").GetString()}): {finding.Message}",
                Target = finding.Target with { Resource = new Core.Findings.ResourceRef("Image", null, image.GetProperty("reference").GetString() ?? "") },
            };
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException)
        {
            return null;
        }
    }

    public void Dispose() => _wake.Dispose();

    private async Task LogAsync(string sink, ShipReport report)
    {
        if (report.Stored + report.Rejected + report.Problems.Count == 0)
        {
            return;
        }
        await _log.WriteLineAsync($"notifications to {sink}: {report.Stored} delivered, {report.Rejected} refused, {report.Pending} pending{(report.Problems.Count > 0 ? "; " + report.Problems[0] : "")}").ConfigureAwait(false);
    }
}
