using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Palisade.Core.Findings;

namespace Palisade.Audit.Shipping;

public sealed record SyslogOptions(string Host, int Port)
{
    public bool Tls { get; init; }
    public string AppName { get; init; } = "palisade";
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Alerts as RFC 5424 syslog messages over TCP (or TLS, RFC 5425), octet-counted framing (RFC 6587), facility
/// local0, severity from the finding, the rule and techniques as structured data.
/// </summary>
public sealed class SyslogSender(SyslogOptions options)
{
    public async Task SendAsync(IReadOnlyList<Finding> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        await client.ConnectAsync(options.Host, options.Port, timeout.Token).ConfigureAwait(false);
        Stream stream = client.GetStream();
        if (options.Tls)
        {
            var tls = new SslStream(stream);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Host }, timeout.Token).ConfigureAwait(false);
            stream = tls;
        }
        await using (stream.ConfigureAwait(false))
        {
            var host = Environment.MachineName;
            foreach (var alert in alerts)
            {
                var message = Format(alert, host, options.AppName, DateTimeOffset.UtcNow);
                var bytes = Encoding.UTF8.GetBytes(message);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length} "), timeout.Token).ConfigureAwait(false);
                await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
            }
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
        }
    }

    public static string Format(Finding alert, string host, string app, DateTimeOffset now)
    {
        var severity = alert.Severity switch
        {
            Severity.Critical => 2,
            Severity.High => 3,
            Severity.Medium => 4,
            Severity.Low => 5,
            _ => 6,
        };
        const int Local0 = 16;
        var techniques = string.Join(",", alert.Check.Mitre.Select(m => m.Id));
        var data = $"[palisade@32473 rule=\"{Escape(alert.Check.Id.Value)}\" techniques=\"{Escape(techniques)}\" severity=\"{alert.Severity.ToSlug()}\"]";
        return string.Create(CultureInfo.InvariantCulture,
            $"<{(Local0 * 8) + severity}>1 {now:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {Token(host)} {Token(app)} - {Token(alert.Check.Id.Value)} {data} {alert.Message}");
    }

    private static string Token(string text) => text.Length == 0 ? "-" : new string([.. text.Where(c => c > 32 && c < 127).Take(48)]);

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
