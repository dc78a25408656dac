using System.Net;
using Palisade.Core.Findings;
using Palisade.Network.Probing;

namespace Palisade.Network.Findings;

/// <summary>Turns what a passive probe saw into findings.</summary>
public static class EndpointFindings
{
    private const int ExpiryWarningDays = 30;

    public static IEnumerable<Finding> For(EndpointReport report, DateTimeOffset now)
    {
        var target = new Target(null, new ResourceRef("Endpoint", null, $"{report.Scheme}://{report.Endpoint}"));
        var answers = report.Answers;
        bool Ok(string path) => answers.TryGetValue(path, out var a) && a.Status == 200;
        var findings = new List<Finding>();
        Finding Add(CheckInfo check, string message, string? evidence = null, FindingStatus status = FindingStatus.Fail)
        {
            var finding = new Finding(check, target, message, evidence) { Status = status };
            findings.Add(finding);
            return finding;
        }
        switch (report.Service)
        {
            case "kube-apiserver":
                if (report.Tls is null && Ok("/api"))
                {
                    Add(NetworkChecks.ApiInsecurePort, $"{report.Endpoint}: the API server answers /api over plain HTTP", "GET /api → 200 (no TLS)");
                }
                if (Ok("/api/v1/namespaces"))
                {
                    Add(NetworkChecks.ApiAnonymousRead, $"{report.Endpoint}: an anonymous GET /api/v1/namespaces returned the namespace list", "GET /api/v1/namespaces → 200");
                }
                else if (Ok("/api"))
                {
                    Add(NetworkChecks.ApiAnonymousDiscovery, $"{report.Endpoint}: anonymous requests to /api list the API versions", "GET /api → 200");
                }
                if (report.Version is { } version)
                {
                    Add(NetworkChecks.VersionDisclosure, $"{report.Endpoint}: the API server discloses {version} to anonymous requests", version);
                }
                break;
            case "kubectl-proxy":
                Add(NetworkChecks.KubectlProxy, $"{report.Endpoint}: a kubectl proxy forwards anonymous requests to the API server ({report.Version})", "GET /api/v1/namespaces → 200");
                break;
            case "kubelet":
                if (Ok("/pods"))
                {
                    var readOnly = report.Tls is null;
                    Add(readOnly ? NetworkChecks.KubeletReadOnly : NetworkChecks.KubeletAnonymous,
                        $"{report.Endpoint}: the kubelet lists its pods to anonymous requests{(readOnly ? " on the read-only port" : "")}", $"GET /pods → 200 ({PodCount(answers["/pods"].Body)} pods)");
                }
                break;
            case "etcd":
                if (report.Tls?.RefusedWithoutClientCertificate == true)
                {
                    Add(NetworkChecks.EtcdMutualTls, $"{report.Endpoint}: etcd refused a TLS client without a certificate", report.Tls.Subject, FindingStatus.Pass);
                }
                else if (report.Tls is null)
                {
                    Add(NetworkChecks.EtcdPlain, $"{report.Endpoint}: etcd {report.Version} answers plain HTTP without credentials{(answers.ContainsKey("range") && answers["range"].Status == 200 ? "; its keys can be read" : "")}", $"GET /version → {report.Version}");
                }
                else
                {
                    Add(NetworkChecks.EtcdNoClientAuth, $"{report.Endpoint}: etcd {report.Version} answers TLS clients that present no certificate", $"GET /version → {report.Version}");
                }
                break;
            case "docker":
                if (report.Tls is null)
                {
                    Add(NetworkChecks.DockerApi, $"{report.Endpoint}: the Docker API ({report.Version}) answers over plain TCP", "GET /version → 200");
                }
                break;
            case "kubernetes-dashboard":
                Add(NetworkChecks.Dashboard, $"{report.Endpoint}: the Kubernetes Dashboard answers without authentication", "GET / → 200");
                break;
            default:
                break;
        }
        if (Ok("/metrics") && !IPAddress.IsLoopback(report.Endpoint.Address) && report.Service is "kube-proxy" or "cadvisor" or "kubernetes-component" or "kube-apiserver" or "etcd")
        {
            Add(NetworkChecks.MetricsExposed, $"{report.Endpoint}: {report.Service} metrics answer unauthenticated requests on a network address", "GET /metrics → 200");
        }
        if (report.Tls is { Subject.Length: > 0 } tls)
        {
            if (tls.NotAfter < now)
            {
                Add(NetworkChecks.CertificateExpired, $"{report.Endpoint}: the certificate {tls.Subject} expired on {tls.NotAfter:yyyy-MM-dd}", tls.Issuer);
            }
            else if (tls.NotAfter < now.AddDays(ExpiryWarningDays))
            {
                findings.Add(new Finding(NetworkChecks.CertificateExpired with { Severity = Severity.Medium }, target,
                    $"{report.Endpoint}: the certificate {tls.Subject} expires on {tls.NotAfter:yyyy-MM-dd}", tls.Issuer));
            }
            if (tls.AcceptsLegacy is { } legacy)
            {
                Add(NetworkChecks.OldTls, $"{report.Endpoint}: accepts a client that offers only {legacy}", legacy);
            }
        }
        return findings;
    }

    private static int PodCount(string body)
    {
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("items", out var items) && items.ValueKind == System.Text.Json.JsonValueKind.Array ? items.GetArrayLength() : 0;
        }
        catch (System.Text.Json.JsonException)
        {
            return 0;
        }
    }
}
