using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Palisade.Core.Net;
using Palisade.Audit.Events;

namespace Palisade.Audit.Receiving;

public sealed record ReceiverOptions(IPEndPoint Listen, X509Certificate2 Certificate)
{
    /// <summary>When set, only clients with a certificate from this CA (the API server's) may post.</summary>
    public X509Certificate2Collection? ClientAuthorities { get; init; }
    public int MaxBatchBytes { get; init; } = 32 * 1024 * 1024;
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Receives the API server's audit webhook (HTTPS POSTs of EventList batches) and hands each event to the caller as
/// it arrives. A malformed or oversized batch is answered 400/413 and counted; the receiver keeps serving.
/// </summary>
public sealed class WebhookReceiver(ReceiverOptions options, Action<AuditEvent> onEvent, Action<MalformedInput> onMalformed)
{
    private long _batches;

    public long Batches => Interlocked.Read(ref _batches);

    public int Port { get; private set; }

    public async Task RunAsync(Action? ready, CancellationToken cancellationToken)
    {
        var listener = new TcpListener(options.Listen);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        ready?.Invoke();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
            }
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var remote = client.Client.RemoteEndPoint?.ToString() ?? "client";
            try
            {
                await using var tls = new SslStream(client.GetStream(), false, ValidateClient);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ReadTimeout);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = options.Certificate,
                    ClientCertificateRequired = options.ClientAuthorities is not null,
                }, timeout.Token).ConfigureAwait(false);
                var (method, length, headerProblem) = await ReadHeadAsync(tls, timeout.Token).ConfigureAwait(false);
                if (headerProblem is not null || method != "POST")
                {
                    await RespondAsync(tls, headerProblem is null ? 405 : 400, headerProblem ?? "POST EventList batches here", timeout.Token).ConfigureAwait(false);
                    return;
                }
                if (length > options.MaxBatchBytes)
                {
                    onMalformed(new MalformedInput(remote, 0, $"a batch of {length:N0} bytes is over the {options.MaxBatchBytes:N0}-byte cap"));
                    await RespondAsync(tls, 413, "batch too large", timeout.Token).ConfigureAwait(false);
                    return;
                }
                var body = new byte[length];
                await tls.ReadExactlyAsync(body, timeout.Token).ConfigureAwait(false);
                var batch = Interlocked.Increment(ref _batches);
                var bad = false;
                foreach (var e in AuditEventReader.Parse(body, $"webhook batch {batch} from {remote}", 1, m => { bad = true; onMalformed(m); }))
                {
                    onEvent(e);
                }
                await RespondAsync(tls, bad ? 400 : 200, bad ? "not an EventList" : "{}", timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or SocketException)
            {
                // A client that hangs up, stalls or fails TLS affects only itself.
            }
        }
    }

    private bool ValidateClient(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (options.ClientAuthorities is null)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        return CustomTrust.ChainsTo(certificate, options.ClientAuthorities);
    }

    private static async Task<(string Method, long Length, string? Problem)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (head.Length > 16384)
            {
                return ("", 0, "request headers too large");
            }
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return ("", 0, "connection closed in the headers");
            }
            head.Append((char)one[0]);
        }
        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var method = lines[0].Split(' ')[0];
        var lengthLine = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return lengthLine is not null && long.TryParse(lengthLine[15..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? (method, length, null)
            : (method, 0, method == "POST" ? "a Content-Length is required" : null);
    }

    private static async Task RespondAsync(Stream stream, int status, string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
