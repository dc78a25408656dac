using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Palisade.Audit.Receiving;
using Palisade.Audit.Rules;
using Palisade.Audit.Shipping;
using Palisade.TestSupport;

namespace Palisade.Audit.Tests;

/// <summary>The webhook service (what `audit serve` runs) receiving batches over HTTPS, as the API server sends them.</summary>
public sealed class WebhookServeTests
{
    [SkippableFact]
    public async Task Batches_raise_alerts_as_they_arrive_and_a_bad_batch_is_not_fatal()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-serve", Guid.NewGuid().ToString("N"))).FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=palisade-audit", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var serverCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        using var elasticsearch = new FakeElasticsearch();
        var spool = Path.Combine(directory, "spool");
        var shipping = new AlertShipping(new AlertShippingOptions(spool) { Elasticsearch = (new ElasticsearchOptions(new Uri(elasticsearch.Url), "palisade-alerts"), elasticsearch.Url) }, () => new HttpClient());
        var analyzer = new AuditAnalyzer(RuleLoader.Shipped(), RuleSettings.Default);
        var service = new AuditWebhookService(new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, port), serverCertificate), analyzer, shipping,
            TextWriter.Synchronized(output), TextWriter.Synchronized(error));
        var serving = service.RunAsync(null, stop.Token);

        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == certificate.Thumbprint };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var url = new Uri($"https://127.0.0.1:{port}/");
        for (var i = 0; i < 50 && !serving.IsCompleted; i++)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        var events = string.Join(",", (await File.ReadAllLinesAsync(Corpus.Require("kubernetes-audit-events/exec_pod.json"))).Where(l => l.Trim().Length > 0)
            .Concat(await File.ReadAllLinesAsync(Corpus.Require("kubernetes-audit-events/create_nginx_pod_privileged.json"))).Where(l => l.Trim().Length > 0));
        using (var batch = await client.PostAsync(url, new StringContent($$"""{"kind":"EventList","apiVersion":"audit.k8s.io/v1","items":[{{events}}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        }
        using (var bad = await client.PostAsync(url, new StringContent("this is not json", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        using (var again = await client.PostAsync(url, new StringContent($$"""{"kind":"EventList","items":[{{events}}]}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        for (var i = 0; i < 50 && elasticsearch.Stored.Count < 2; i++)
        {
            await Task.Delay(100);
        }
        await stop.CancelAsync();
        await serving;
        Assert.Equal(2, elasticsearch.Stored.Count); // the same events twice are the same two alerts, stored once
        Assert.Empty(Directory.GetFiles(spool));
        var alerts = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A batch sent again is analysed again (Elasticsearch stores each alert once: ids from the audit ID and rule),
        // except a request still open at an early stage (the exec, logged at ResponseStarted), which is remembered.
        Assert.Equal(1, alerts.Count(a => a.Contains("\"rule\":\"audit.pod-exec\"", StringComparison.Ordinal)));
        Assert.Equal(2, alerts.Count(a => a.Contains("\"rule\":\"audit.pod-privileged\"", StringComparison.Ordinal)));
        Assert.Contains("malformed: webhook batch", error.ToString(), StringComparison.Ordinal);
    }
}
