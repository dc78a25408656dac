using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Server.Tests;

/// <summary>TLS, and client certificates from the configured CA instead of a token; a certificate from another CA gets nowhere.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task A_client_certificate_from_the_configured_CA_stands_in_for_a_token()
    {
        var root = ServerHarness.NewRoot();
        using var ca = Authority("CN=palisade-test-ca");
        using var otherCa = Authority("CN=someone-else");
        var (certificate, key) = Issue(ca, "CN=127.0.0.1", serverAuth: true);
        await File.WriteAllTextAsync(Path.Combine(root, "server.pem"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(root, "server-key.pem"), key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(root, "ca.pem"), ca.ExportCertificatePem());
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root,
            o => o with { TlsCertificate = "server.pem", TlsKey = "server-key.pem", ClientCa = "ca.pem" });
        var url = new Uri(server.Server.Urls[0]);
        Assert.Equal("https", url.Scheme);

        using (var trusted = Client(ca, Issue(ca, "CN=ci-runner", serverAuth: false)))
        {
            using var response = await trusted.GetAsync(new Uri(url, "/api/v1/findings"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        using (var anonymous = Client(ca, null))
        {
            using var response = await anonymous.GetAsync(new Uri(url, "/api/v1/findings"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("ok\n", await anonymous.GetStringAsync(new Uri(url, "/healthz")));
        }
        using (var stranger = Client(ca, Issue(otherCa, "CN=intruder", serverAuth: false)))
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => stranger.GetAsync(new Uri(url, "/api/v1/findings")));
        }
        Assert.Contains(" cert:ci-runner GET /api/v1/findings 200 ", server.Log, StringComparison.Ordinal);
    }

    private static HttpClient Client(X509Certificate2 ca, (X509Certificate2 Certificate, RSA Key)? client)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(certificate);
            },
        };
        if (client is { } c)
        {
            handler.ClientCertificates.Add(c.Certificate.CopyWithPrivateKey(c.Key));
        }
        return new HttpClient(handler);
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static (X509Certificate2 Certificate, RSA Key) Issue(X509Certificate2 ca, string subject, bool serverAuth)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        return (request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), RandomNumberGenerator.GetBytes(8)), key);
    }
}
