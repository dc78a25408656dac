using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Palisade.Network.Targets;

// A scanner looks at certificates it has no reason to trust, and never sends credentials over these connections:
// accepting any server certificate is the point here (CA5359), and the certificate is reported instead.
#pragma warning disable CA5359

namespace Palisade.Network.Probing;

public sealed record ProbeOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(1.5);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// Looks at one endpoint without changing anything: TCP connect, a TLS handshake (recording the certificate and
/// whether the server wants ours), then a handful of GETs that tell Kubernetes components apart. Every step has a
/// time-out and a size cap; what cannot be decided is said.
/// </summary>
public sealed class EndpointProber(ProbeOptions options, IReadOnlyList<string> checkPaths)
{
    /// <summary>What is asked of every open endpoint to tell what it is; checks add the paths they need.</summary>
    public static IReadOnlyList<string> IdentificationPaths { get; } = ["/version", "/healthz", "/pods", "/api", "/api/v1/namespaces", "/metrics", "/"];

    private readonly IReadOnlyList<string> _paths = [.. IdentificationPaths.Concat(checkPaths).Distinct(StringComparer.Ordinal)];

    public async Task<EndpointReport> ProbeAsync(Endpoint endpoint, CancellationToken cancellationToken)
    {
        var state = await ConnectStateAsync(endpoint, cancellationToken).ConfigureAwait(false);
        if (state != PortState.Open)
        {
            return new EndpointReport(endpoint, state);
        }
        var undecided = new List<string>();
        var (tls, tlsUsable) = await HandshakeAsync(endpoint, undecided, cancellationToken).ConfigureAwait(false);
        var answers = new Dictionary<string, HttpAnswer>(StringComparer.Ordinal);
        if (tls is null || tlsUsable)
        {
            foreach (var path in _paths)
            {
                var (answer, problem) = await RequestAsync(endpoint, tls is not null, path, cancellationToken).ConfigureAwait(false);
                if (answer is not null)
                {
                    answers[path] = answer;
                }
                else if (problem is not null)
                {
                    if (tls is not null && tls.ClientCertificateRequested && problem.Contains("reset", StringComparison.Ordinal))
                    {
                        tls = tls with { RefusedWithoutClientCertificate = true };
                        break;
                    }
                    if (!undecided.Contains(problem))
                    {
                        undecided.Add(problem);
                    }
                    if (path == "/version" && answers.Count == 0 && problem.Contains("never answered", StringComparison.Ordinal))
                    {
                        break; // a port that accepts and stays silent: more requests would only wait again
                    }
                }
            }
        }
        if (tls is not null)
        {
            tls = tls with { AcceptsLegacy = await LegacyTlsProbe.AcceptedAsync(endpoint, options.RequestTimeout, cancellationToken).ConfigureAwait(false) };
        }
        var (service, version) = Identify(endpoint, tls, answers);
        return new EndpointReport(endpoint, PortState.Open)
        {
            Tls = tls,
            SpeaksHttp = answers.Count > 0,
            Answers = answers,
            // A TLS server that will not talk without a client certificate and calls itself etcd (or sits on etcd's ports).
            Service = service ?? (tls?.RefusedWithoutClientCertificate == true
                && (endpoint.Port is 2379 or 2380 || tls.Subject.Contains("etcd", StringComparison.OrdinalIgnoreCase) || tls.Issuer.Contains("etcd", StringComparison.OrdinalIgnoreCase)) ? "etcd" : null),
            Version = version,
            Undecided = undecided,
        };
    }

    private async Task<PortState> ConnectStateAsync(Endpoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint.Address, endpoint.Port, timeout.Token).ConfigureAwait(false);
            return PortState.Open;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused)
        {
            return PortState.Closed;
        }
        catch (SocketException)
        {
            return PortState.Filtered;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PortState.Filtered;
        }
    }

    /// <summary>
    /// The TLS handshake alone. A server that shows its certificate and then refuses us for lack of a client
    /// certificate is TLS with client authentication (etcd with --client-cert-auth), not a closed or broken port.
    /// </summary>
    private async Task<(TlsInfo? Tls, bool Usable)> HandshakeAsync(Endpoint endpoint, List<string> undecided, CancellationToken cancellationToken)
    {
        X509Certificate2? seen = null;
        var clientCertificateRequested = false;
        using var client = new TcpClient(endpoint.Address.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            await client.ConnectAsync(endpoint.Address, endpoint.Port, timeout.Token).ConfigureAwait(false);
            await using var tls = new SslStream(client.GetStream(), false,
                (_, certificate, _, _) =>
                {
                    seen = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return true; // we only look: nothing is sent that trusting a certificate would protect
                },
                (_, _, _, _, _) =>
                {
                    clientCertificateRequested = true;
                    return null!;
                });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Address.ToString(), AllowTlsResume = false }, timeout.Token).ConfigureAwait(false);
            return (Info(seen, tls.SslProtocol.ToString(), clientCertificateRequested, refused: false), true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (seen is not null)
            {
                return (Info(seen, "unknown", clientCertificateRequested, refused: true), false);
            }
            undecided.Add("the TLS handshake stalled (no answer within the time-out)");
            return (null, true);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or SocketException)
        {
            // A certificate was shown: it is TLS, and the server refused to go on without ours.
            return seen is not null ? (Info(seen, "unknown", clientCertificateRequested, refused: true), false) : (null, true);
        }
    }

    private static TlsInfo Info(X509Certificate2? certificate, string protocol, bool requested, bool refused)
    {
        if (certificate is null)
        {
            return new TlsInfo(protocol, "", "", [], DateTimeOffset.MaxValue, false) { ClientCertificateRequested = requested, RefusedWithoutClientCertificate = refused };
        }
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(a => a.ToString()))).ToList();
        return new TlsInfo(protocol, certificate.Subject, certificate.Issuer, names, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), certificate.Subject == certificate.Issuer)
        {
            ClientCertificateRequested = requested,
            RefusedWithoutClientCertificate = refused,
        };
    }

    /// <summary>One GET on a fresh connection (TLS when the port spoke TLS), bounded in time and size.</summary>
    public async Task<(HttpAnswer? Answer, string? Problem)> RequestAsync(Endpoint endpoint, bool useTls, string path, CancellationToken cancellationToken, string method = "GET", string? body = null)
    {
        using var client = new TcpClient(endpoint.Address.AddressFamily);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            await client.ConnectAsync(endpoint.Address, endpoint.Port, timeout.Token).ConfigureAwait(false);
            Stream stream = client.GetStream();
            if (useTls)
            {
                var tls = new SslStream(stream, false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Address.ToString() }, timeout.Token).ConfigureAwait(false);
                stream = tls;
            }
            await using (stream.ConfigureAwait(false))
            {
                return (await RawHttp.GetAsync(stream, endpoint.ToString(), path, timeout.Token, method, body).ConfigureAwait(false), null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"{path}: accepted the connection but never answered within {options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (InvalidDataException ex)
        {
            return (null, $"{path}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException)
        {
            return (null, $"{path}: the connection was reset or refused mid-way ({ex.GetType().Name})");
        }
    }

    private static (string? Service, string? Version) Identify(Endpoint endpoint, TlsInfo? tls, Dictionary<string, HttpAnswer> answers)
    {
        string? Field(string path, string name)
        {
            if (!answers.TryGetValue(path, out var answer) || answer.Status != 200)
            {
                return null;
            }
            try
            {
                using var json = JsonDocument.Parse(answer.Body);
                return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        bool Says(string path, string text) => answers.TryGetValue(path, out var a) && a.Body.Contains(text, StringComparison.Ordinal);
        if (Field("/version", "etcdserver") is { } etcd)
        {
            return ("etcd", etcd);
        }
        if (Field("/version", "ApiVersion") is not null && Field("/version", "Os") is not null)
        {
            return ("docker", Field("/version", "Version"));
        }
        if (Field("/version", "gitVersion") is { } git)
        {
            var proxy = tls is null && answers.TryGetValue("/api/v1/namespaces", out var ns) && ns.Status == 200 && endpoint.Port == 8001;
            return (proxy ? "kubectl-proxy" : Says("/metrics", "kubeproxy_") ? "kube-proxy" : "kube-apiserver", git);
        }
        if (Says("/pods", "\"PodList\"") || (endpoint.Port is 10250 or 10255 && answers.TryGetValue("/pods", out var pods) && pods.Status is 401 or 403))
        {
            return ("kubelet", null);
        }
        if (Says("/", "Kubernetes Dashboard") || Says("/", "kubernetes-dashboard"))
        {
            return ("kubernetes-dashboard", null);
        }
        if (Says("/metrics", "kubeproxy_"))
        {
            return ("kube-proxy", null);
        }
        if (Says("/metrics", "cadvisor_version_info"))
        {
            return ("cadvisor", null);
        }
        if (Says("/api", "\"APIVersions\"") || Says("/api", "system:anonymous") || Says("/api", "\"kind\":\"Status\""))
        {
            return ("kube-apiserver", null);
        }
        return (answers.TryGetValue("/healthz", out var health) && health.Body.Trim() == "ok" ? "kubernetes-component" : null, null);
    }
}
