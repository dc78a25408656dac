using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Palisade.Core.Net;
using Palisade.Core.Findings;
using Palisade.Network.Checks;

namespace Palisade.Network;

/// <summary>Where the pod's own credentials and neighbours are (the service account folder, the API server, metadata).</summary>
public sealed record PodContext(string ServiceAccountDirectory, string ApiServer, string MetadataAddress, string? NodeAddress)
{
    public static PodContext FromEnvironment(Func<string, string?> environment, string? serviceAccountDirectory, string? metadataAddress) => new(
        serviceAccountDirectory ?? "/var/run/secrets/kubernetes.io/serviceaccount",
        environment("KUBERNETES_SERVICE_HOST") is { Length: > 0 } host ? $"https://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{environment("KUBERNETES_SERVICE_PORT") ?? "443"}" : "https://kubernetes.default.svc",
        metadataAddress ?? "169.254.169.254:80",
        environment("NODE_IP") ?? environment("HOST_IP"));
}

/// <summary>
/// From inside a pod: what the mounted service-account token may do (a SelfSubjectRulesReview, which reads and
/// changes nothing), whether the cloud metadata service answers, and which kubelet to probe.
/// </summary>
public sealed class PodRecon(PodContext context, TimeSpan timeout)
{
    private static readonly (string Verb, string Group, string Resource, string Why)[] Risky =
    [
        ("get", "", "secrets", "read secrets"), ("list", "", "secrets", "list secrets"), ("create", "", "pods", "create pods"),
        ("create", "", "pods/exec", "exec into pods"), ("get", "", "nodes/proxy", "reach kubelets through nodes/proxy"),
        ("create", "", "serviceaccounts/token", "mint service-account tokens"), ("impersonate", "", "users", "impersonate users"),
        ("escalate", "rbac.authorization.k8s.io", "clusterroles", "escalate roles"), ("bind", "rbac.authorization.k8s.io", "clusterrolebindings", "bind roles"),
    ];

    public async Task<(IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics)> RunAsync(CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        var tokenPath = Path.Combine(context.ServiceAccountDirectory, "token");
        if (File.Exists(tokenPath))
        {
            var ns = File.Exists(Path.Combine(context.ServiceAccountDirectory, "namespace")) ? (await File.ReadAllTextAsync(Path.Combine(context.ServiceAccountDirectory, "namespace"), cancellationToken).ConfigureAwait(false)).Trim() : "default";
            var (allowed, problem) = await RulesAsync((await File.ReadAllTextAsync(tokenPath, cancellationToken).ConfigureAwait(false)).Trim(), ns, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                diagnostics.Add(new Diagnostic(context.ApiServer, null, $"could not review the service account's permissions: {problem}"));
            }
            else if (allowed.Count > 0)
            {
                findings.Add(new Finding(PodTokenCheck.Info, new Target(null, new ResourceRef("ServiceAccount", ns, "(this pod)")),
                    $"the token mounted in this pod may {string.Join(", ", allowed)} in namespace {ns}", string.Join(", ", allowed)));
            }
        }
        else
        {
            diagnostics.Add(new Diagnostic(tokenPath, null, "no service-account token mounted (automountServiceAccountToken: false): nothing to review", DiagnosticLevel.Notice));
        }
        if (await MetadataAnswersAsync(cancellationToken).ConfigureAwait(false) is { } metadata)
        {
            findings.Add(new Finding(CloudMetadataCheck.Info, new Target(null, new ResourceRef("Endpoint", null, $"http://{context.MetadataAddress}")),
                $"the metadata service at {context.MetadataAddress} answers this pod (HTTP {metadata})", $"GET / → {metadata}"));
        }
        return (findings, diagnostics);
    }

    private async Task<(List<string> Allowed, string? Problem)> RulesAsync(string token, string ns, CancellationToken cancellationToken)
    {
        var caPath = Path.Combine(context.ServiceAccountDirectory, "ca.crt");
        var authorities = new X509Certificate2Collection();
        if (File.Exists(caPath))
        {
            authorities.ImportFromPemFile(caPath);
        }
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    if (errors == SslPolicyErrors.None)
                    {
                        return true;
                    }
                    if (certificate is null || authorities.Count == 0 || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }
                    return CustomTrust.ChainsTo(certificate, authorities);
                },
            },
        };
        using var http = new HttpClient(handler) { Timeout = timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(context.ApiServer), "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"))
        {
            Content = new StringContent("{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectRulesReview\",\"spec\":{\"namespace\":" + JsonSerializer.Serialize(ns, PodReconJson.Default.String) + "}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return ([], $"HTTP {(int)response.StatusCode}");
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            var rules = json.RootElement.GetProperty("status").GetProperty("resourceRules").EnumerateArray().Select(r => (
                Verbs: Strings(r, "verbs"), Groups: Strings(r, "apiGroups"), Resources: Strings(r, "resources"), Named: Strings(r, "resourceNames").Count > 0)).ToList();
            var allowed = Risky.Where(risk => rules.Any(r => !r.Named && (r.Verbs.Contains("*") || r.Verbs.Contains(risk.Verb))
                    && (r.Groups.Contains("*") || r.Groups.Contains(risk.Group)) && (r.Resources.Contains("*") || r.Resources.Contains(risk.Resource))))
                .Select(risk => risk.Why).ToList();
            return (allowed, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return ([], ex.Message);
        }
    }

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray().Select(v => v.GetString() ?? "")] : [];

    private async Task<int?> MetadataAnswersAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1), UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{context.MetadataAddress}/"));
            request.Headers.Add("Metadata-Flavor", "Google");
            request.Headers.Add("Metadata", "true");
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public IEnumerable<string> KubeletTargets() => context.NodeAddress is { } node && IPAddress.TryParse(node, out _) ? [$"{node}:10250", $"{node}:10255"] : [];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class PodReconJson : System.Text.Json.Serialization.JsonSerializerContext;
