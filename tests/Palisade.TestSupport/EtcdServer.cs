using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.TestSupport;

/// <summary>
/// A real etcd (Debian's etcd-server) on 127.0.0.1, either plain HTTP or TLS with --client-cert-auth, with a CA and
/// server certificate the test generates. Started for a test class and stopped after it.
/// </summary>
public sealed class EtcdServer : IDisposable
{
    private readonly Process? _process;
    private readonly string _root;

    /// <param name="mutualTls">TLS with --client-cert-auth.</param>
    /// <param name="tlsOnly">TLS without client authentication (encrypted, but anyone may talk to it).</param>
    public EtcdServer(bool mutualTls, bool tlsOnly = false)
    {
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-etcd", Guid.NewGuid().ToString("N"))).FullName;
        var binary = LocalServices.Which("etcd");
        if (binary is null)
        {
            Missing = "etcd is not installed: apt-get install etcd-server";
            return;
        }
        ClientPort = LocalServices.FreePort();
        var peerPort = LocalServices.FreePort();
        var scheme = mutualTls || tlsOnly ? "https" : "http";
        var args = new List<string>
        {
            "--name", "palisade-test", "--data-dir", Path.Combine(_root, "data"),
            "--listen-client-urls", $"{scheme}://127.0.0.1:{ClientPort}", "--advertise-client-urls", $"{scheme}://127.0.0.1:{ClientPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"palisade-test=http://127.0.0.1:{peerPort}", "--listen-metrics-urls", "", "--logger", "zap", "--log-outputs", "stderr",
        };
        if (mutualTls || tlsOnly)
        {
            var (ca, cert, key) = WriteCertificates(_root);
            args.AddRange(["--cert-file", cert, "--key-file", key]);
            if (mutualTls)
            {
                args.AddRange(["--trusted-ca-file", ca, "--client-cert-auth"]);
            }
        }
        _process = Process.Start(new ProcessStartInfo(binary, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, ClientPort);
                Thread.Sleep(300); // listening is not serving: give etcd a moment to elect itself
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        Missing = "etcd did not start";
    }

    public int ClientPort { get; }

    public string? Missing { get; }

    private static (string Ca, string Cert, string Key) WriteCertificates(string folder)
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=palisade-etcd-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=etcd-server", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), [9, 8, 7, 6]);
        var paths = (Path.Combine(folder, "ca.pem"), Path.Combine(folder, "server.pem"), Path.Combine(folder, "server-key.pem"));
        File.WriteAllText(paths.Item1, ca.ExportCertificatePem());
        File.WriteAllText(paths.Item2, server.ExportCertificatePem());
        File.WriteAllText(paths.Item3, serverKey.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(paths.Item3, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return paths;
    }


    public void Dispose() => LocalServices.Stop(_process, _root);
}
