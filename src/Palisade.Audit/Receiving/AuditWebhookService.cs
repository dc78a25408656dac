using System.Text.Json;
using System.Text.Json.Serialization;
using Palisade.Audit.Shipping;
using Palisade.Core.Findings;

namespace Palisade.Audit.Receiving;

/// <summary>
/// The live detector: receives the API server's audit webhook batches, runs every event through the rules as it
/// arrives, writes each alert as a JSON line, spools alerts for Elasticsearch as they are raised (a killed receiver
/// loses none) and ships once a second. Stops when cancelled, after shipping what is left.
/// </summary>
public sealed class AuditWebhookService(ReceiverOptions receiver, AuditAnalyzer analyzer, AlertShipping? shipping, TextWriter alerts, TextWriter log)
{
    private readonly Lock _gate = new();
    private readonly List<Finding> _toSyslog = [];

    public long Batches { get; private set; }

    public async Task RunAsync(Action? ready, CancellationToken cancellationToken)
    {
        var webhook = new WebhookReceiver(receiver, OnEvent, OnMalformed);
        var serving = webhook.RunAsync(ready, cancellationToken);
        while (!serving.IsCompleted)
        {
            await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
        }
        // Alerts raised while the last round was shipping go out before the receiver stops.
        await DrainAsync().ConfigureAwait(false);
        await serving.ConfigureAwait(false);
        Batches = webhook.Batches;
    }

    private void OnEvent(Events.AuditEvent e)
    {
        lock (_gate)
        {
            foreach (var finding in analyzer.Analyze(e))
            {
                alerts.WriteLine(JsonSerializer.Serialize(new AlertLine(finding.Check.Id.Value, finding.Severity.ToSlug(), [.. finding.Check.Mitre.Select(m => m.Id)], finding.Message), AlertLineJson.Default.AlertLine));
                shipping?.Spool?.Append([AlertDocument.From(finding, e.Root)]);
                if (shipping is { ToSyslog: true })
                {
                    _toSyslog.Add(finding);
                }
            }
            alerts.Flush();
        }
    }

    private void OnMalformed(Events.MalformedInput input)
    {
        lock (_gate)
        {
            log.WriteLine($"malformed: {input.Source}: {input.Reason}");
        }
    }

    private async Task DrainAsync()
    {
        if (shipping is null)
        {
            return;
        }
        List<Finding> toSyslog;
        lock (_gate)
        {
            toSyslog = [.. _toSyslog];
            _toSyslog.Clear();
        }
        var notes = new List<Diagnostic>();
        // Shipping finishes its round even when the service is stopping: the spool must not be left half sent.
        if (shipping.Spool is { } spool && spool.Pending().Count > 0)
        {
            notes.AddRange(await shipping.ShipAsync([], CancellationToken.None).ConfigureAwait(false));
        }
        notes.AddRange(await shipping.SendToSyslogAsync(toSyslog, CancellationToken.None).ConfigureAwait(false));
        foreach (var note in notes)
        {
            lock (_gate)
            {
                log.WriteLine(note.ToString());
            }
        }
    }
}

/// <summary>One alert as the webhook service prints it: a JSON line per alert.</summary>
internal sealed record AlertLine(string Rule, string Severity, IReadOnlyList<string> Techniques, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AlertLine))]
internal sealed partial class AlertLineJson : JsonSerializerContext;
