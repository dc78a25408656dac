using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;

using Palisade.Core.Net;
namespace Palisade.Cluster.Api;

/// <summary>Where and how to reach an API server: from a kubeconfig (and context), or the pod's own service account.</summary>
public sealed record ConnectionOptions
{
    public string? Kubeconfig { get; init; }
    public string? Context { get; init; }
    public bool InsecureSkipTlsVerify { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// An authenticated HTTP connection to the API server. KubernetesClient reads the kubeconfig (contexts, certificates,
/// tokens, exec plugins, in-cluster service account); the requests themselves are plain GETs so that lists can be
/// paged and kept as raw JSON. TLS is always verified against the cluster CA unless the user asked otherwise.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly ITokenProvider? _tokens;
    private readonly AuthenticationHeaderValue? _staticAuthorization;

    private readonly RemoteCertificateValidationCallback _trust;

    private ClusterConnection(Uri server, HttpClient http, ITokenProvider? tokens, AuthenticationHeaderValue? staticAuthorization, string context, RemoteCertificateValidationCallback trust)
    {
        Server = server;
        Http = http;
        _trust = trust;
        _tokens = tokens;
        _staticAuthorization = staticAuthorization;
        Context = context;
    }

    public Uri Server { get; }

    public HttpClient Http { get; }

    public string Context { get; }

    public static ClusterConnection Open(ConnectionOptions options, Func<string, string?> environment)
    {
        KubernetesClientConfiguration config;
        string context;
        try
        {
            if (options.Kubeconfig is null && environment("KUBECONFIG") is null && KubernetesClientConfiguration.IsInCluster())
            {
                config = KubernetesClientConfiguration.InClusterConfig();
                context = "in-cluster";
            }
            else
            {
                var path = options.Kubeconfig ?? environment("KUBECONFIG")?.Split(':')[0]
                    ?? Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
                if (!File.Exists(path))
                {
                    throw new ClusterAccessException($"no kubeconfig at {path}; give --kubeconfig, set KUBECONFIG, or run inside a pod");
                }
                config = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context);
                context = options.Context ?? config.CurrentContext ?? "current";
            }
        }
        catch (KubeConfigException ex)
        {
            throw new ClusterAccessException($"kubeconfig: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is FormatException or IOException or YamlDotNet.Core.YamlException or KeyNotFoundException or ArgumentException)
        {
            throw new ClusterAccessException($"kubeconfig: {ex.Message}", ex);
        }
        if (!Uri.TryCreate(config.Host, UriKind.Absolute, out var server))
        {
            throw new ClusterAccessException($"kubeconfig: '{config.Host}' is not a server URL");
        }
        var skipVerify = options.InsecureSkipTlsVerify || config.SkipTlsVerify;
        var authorities = config.SslCaCerts;
        RemoteCertificateValidationCallback trust = (_, certificate, chain, errors) =>
        {
            if (skipVerify || errors == SslPolicyErrors.None)
            {
                return true;
            }
            if (certificate is null || authorities is null || authorities.Count == 0 || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }
            return CustomTrust.ChainsTo(certificate, authorities);
        };
        var handler = Handler(trust, options.RequestTimeout);
        if (ClientCertificate(config) is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }
        AuthenticationHeaderValue? authorization = config.AccessToken is { Length: > 0 } token ? new AuthenticationHeaderValue("Bearer", token)
            : config.Username is { Length: > 0 } user ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{config.Password}")))
            : null;
        var http = new HttpClient(handler) { Timeout = options.RequestTimeout };
        return new ClusterConnection(server, http, config.TokenProvider, authorization, context, trust);
    }

    /// <summary>A client with no credentials at all, for probing what anonymous users may do (the same TLS trust).</summary>
    public HttpClient Anonymous(TimeSpan timeout) => new(Handler(_trust, timeout)) { Timeout = timeout };

    private static SocketsHttpHandler Handler(RemoteCertificateValidationCallback trust, TimeSpan timeout) => new()
    {
        ConnectTimeout = timeout < TimeSpan.FromSeconds(10) ? timeout : TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        SslOptions = { RemoteCertificateValidationCallback = trust },
    };

    /// <summary>The kubeconfig's client certificate and key (inline or files), loaded so TLS can present it.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration config)
    {
        X509Certificate2 pem;
        if (config.ClientCertificateData is { Length: > 0 } certificate && config.ClientCertificateKeyData is { Length: > 0 } key)
        {
            pem = X509Certificate2.CreateFromPem(Decode(certificate), Decode(key));
        }
        else if (config.ClientCertificateFilePath is { Length: > 0 } certificatePath && config.ClientKeyFilePath is { Length: > 0 } keyPath)
        {
            pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        else
        {
            return null;
        }
        using (pem)
        {
            // TLS on Linux wants a certificate whose key is not ephemeral: round-trip it through PKCS#12.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static string Decode(string base64OrPem) =>
        base64OrPem.Contains("-----BEGIN", StringComparison.Ordinal) ? base64OrPem : System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64OrPem));

    public async Task<AuthenticationHeaderValue?> AuthorizationAsync(CancellationToken cancellationToken) =>
        _tokens is not null ? await _tokens.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false) : _staticAuthorization;

    public void Dispose() => Http.Dispose();
}

public sealed class ClusterAccessException : Exception
{
    public ClusterAccessException(string message) : base(message)
    {
    }

    public ClusterAccessException(string message, Exception inner) : base(message, inner)
    {
    }

    public ClusterAccessException()
    {
    }
}
