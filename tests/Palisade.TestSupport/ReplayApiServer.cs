using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Palisade.TestSupport;

/// <summary>A request as the replay server saw it.</summary>
public sealed record ApiRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public string Method { get; init; } = "GET";

    public string? Authorization => Headers.GetValueOrDefault("authorization");
}

/// <summary>What to send back: a status and a body, optionally after a delay, or a dropped connection.</summary>
public sealed record ApiResponse(int Status, string Body)
{
    public TimeSpan Delay { get; init; }
    public bool Reset { get; init; }

    public static ApiResponse Json(string body) => new(200, body);

    public static ApiResponse Failure(int status, string reason) =>
        new(status, $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{reason}}","code":{{status}}}""");
}

/// <summary>
/// An HTTPS server on 127.0.0.1 that answers like a Kubernetes API server from responses the test provides, with a
/// certificate from a CA it generates (so clients verify TLS for real). Every request is recorded.
/// </summary>
public sealed class ReplayApiServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ApiRequest, ApiResponse> _handler;
    private readonly X509Certificate2 _serverCertificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ApiRequest> _requests = [];

    /// <param name="certificateValidity">When the server certificate is valid (default: from yesterday for 300 days).</param>
    public ReplayApiServer(Func<ApiRequest, ApiResponse> handler, (DateTimeOffset NotBefore, DateTimeOffset NotAfter)? certificateValidity = null)
    {
        _handler = handler;
        (CaCertificatePem, _serverCertificate) = CreateCertificates(certificateValidity ?? (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300)));
        _listener.Start();
        _ = AcceptAsync();
    }

    public string Url => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public string CaCertificatePem { get; }

    public IReadOnlyList<ApiRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A kubeconfig for this server with a bearer token (or an exec plugin / auth provider when given raw user YAML).</summary>
    public string WriteKubeconfig(string directory, string token = "test-token", string? userYaml = null, string? caPem = null)
    {
        var path = Path.Combine(directory, $"kubeconfig-{Guid.NewGuid():N}");
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem ?? CaCertificatePem));
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: replay
              cluster:
                server: {Url}
                certificate-authority-data: {ca}
            users:
            - name: tester
              user:
            {userYaml ?? $"    token: {token}"}
            contexts:
            - name: replay
              context:
                cluster: replay
                user: tester
            current-context: replay
            """);
        return path;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var tls = new SslStream(client.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _serverCertificate }, _stop.Token);
                while (true)
                {
                    var request = await ReadRequestAsync(tls);
                    if (request is null)
                    {
                        return;
                    }
                    lock (_requests)
                    {
                        _requests.Add(request);
                    }
                    var response = _handler(request);
                    if (response.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(response.Delay, _stop.Token);
                    }
                    if (response.Reset)
                    {
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    }
                    var body = Encoding.UTF8.GetBytes(response.Body);
                    var head = $"HTTP/1.1 {response.Status} {(response.Status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
                    await tls.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                    await tls.WriteAsync(body, _stop.Token);
                    await tls.FlushAsync(_stop.Token);
                    if (string.Equals(request.Headers.GetValueOrDefault("connection"), "close", StringComparison.OrdinalIgnoreCase))
                    {
                        return;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task<ApiRequest?> ReadRequestAsync(Stream stream)
    {
        var header = new StringBuilder();
        var buffer = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(buffer) == 0 || header.Length > 65536)
            {
                return null;
            }
            header.Append((char)buffer[0]);
        }
        var lines = header.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var target = lines[0].Split(' ')[1];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? new Dictionary<string, string>() : target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        return new ApiRequest(path, query, headers) { Method = lines[0].Split(' ')[0] };
    }

    private static (string CaPem, X509Certificate2 Server) CreateCertificates((DateTimeOffset NotBefore, DateTimeOffset NotAfter) validity)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=palisade-test-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(validity.NotBefore.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kube-apiserver", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = serverRequest.Create(ca, validity.NotBefore, validity.NotAfter, [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca.ExportCertificatePem(), server);
    }

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        _serverCertificate.Dispose();
        _stop.Dispose();
    }
}
