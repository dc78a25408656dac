using Palisade.Audit.Shipping;

namespace Palisade.Server.Notifications;

/// <summary>Where notifications of newly affected images go; each sink has its own spool, so one that is down holds up no other.</summary>
public sealed record NotificationOptions
{
    public string SpoolDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "palisade-server-spool");

    public WebhookOptions? Webhook { get; init; }

    public ElasticsearchOptions? Elasticsearch { get; init; }

    public SyslogOptions? Syslog { get; init; }

    /// <summary>How often pending notifications are retried while a sink is down.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>A URL that receives each notification as a signed POST.</summary>
public sealed record WebhookOptions(Uri Url, byte[] Secret)
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}
