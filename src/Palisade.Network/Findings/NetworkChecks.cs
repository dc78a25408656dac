using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Network.Findings;

/// <summary>What the network hunter reports; kube-hunter's KHV ids are aliases where one matches.</summary>
public static class NetworkChecks
{
    private static CheckInfo Check(string id, string title, Severity severity, string description, string remediation, string[] mitre, params string[] aliases) =>
        CheckInfo.Define(id, title, severity, description, remediation, mitre, aliases);

    public static CheckInfo ApiAnonymousRead { get; } = Check("hunt.apiserver.anonymous-read", "API server serves cluster data to anonymous requests", Severity.Critical,
        "An unauthenticated request to the API server returned cluster objects (namespaces).", "Disable anonymous authentication (--anonymous-auth=false) or remove RBAC grants to system:anonymous/system:unauthenticated.",
        ["T1078.001", "T1613"], "KHV007");

    public static CheckInfo ApiInsecurePort { get; } = Check("hunt.apiserver.insecure-port", "API server reachable over plain HTTP", Severity.Critical,
        "The API server answers over HTTP without TLS or authentication (the removed --insecure-port, or a proxy in front of it): anyone reaching the port is cluster-admin.",
        "Remove the insecure port or the unauthenticated proxy; serve the API over TLS only.", ["T1133", "T1078.001"], "KHV006");

    public static CheckInfo ApiAnonymousDiscovery { get; } = Check("hunt.apiserver.anonymous-discovery", "API server lists its APIs to anonymous requests", Severity.Medium,
        "Unauthenticated requests to /api list the served API groups.", "Remove system:unauthenticated from the system:discovery binding, or disable anonymous authentication.", ["T1613"]);

    public static CheckInfo VersionDisclosure { get; } = Check("hunt.version-disclosure", "Component version visible without credentials", Severity.Low,
        "The component tells anyone its exact version, which tells an attacker which CVEs to try.", "Keep the component patched; restrict /version where nothing needs it.", ["T1613"], "KHV002");

    public static CheckInfo KubeletReadOnly { get; } = Check("hunt.kubelet.read-only-port", "Kubelet read-only port exposes pods", Severity.High,
        "The kubelet's unauthenticated read-only port (10255) lists every pod on the node with its environment and volumes.",
        "Set readOnlyPort: 0 in the kubelet configuration (--read-only-port=0).", ["T1613", "T1552.007"], "KHV052");

    public static CheckInfo KubeletAnonymous { get; } = Check("hunt.kubelet.anonymous", "Kubelet API answers anonymous requests", Severity.Critical,
        "The kubelet's API (10250) serves pods, and with them exec and run, to unauthenticated requests.",
        "Set authentication.anonymous.enabled: false and authorization.mode: Webhook in the kubelet configuration.", ["T1609", "T1078.001"], "KHV036", "KHV042", "KHV051");

    public static CheckInfo KubeletRun { get; } = Check("hunt.kubelet.run", "Commands run in containers through the kubelet (active test)", Severity.Critical,
        "With --active, a harmless command ran in a container through the kubelet's /run endpoint without credentials.",
        "Disable anonymous kubelet access and require Webhook authorization; rotate whatever the container could reach.", ["T1609"], "KHV040");

    public static CheckInfo EtcdPlain { get; } = Check("hunt.etcd.no-tls", "etcd answers without TLS", Severity.Critical,
        "etcd answers plain HTTP: every Secret and object of the cluster can be read (and written) by anyone reaching the port.",
        "Serve etcd clients over TLS with --client-cert-auth=true and a trusted CA; firewall 2379 to the API servers.", ["T1552.007", "T1190"], "KHV034", "KHV032", "KHV033");

    public static CheckInfo EtcdNoClientAuth { get; } = Check("hunt.etcd.no-client-auth", "etcd accepts TLS clients without a certificate", Severity.Critical,
        "etcd speaks TLS but answers clients that present no certificate, so encryption protects nothing from whoever connects.",
        "Set --client-cert-auth=true with --trusted-ca-file so only the API servers' client certificates are accepted.", ["T1552.007", "T1190"], "KHV032");

    public static CheckInfo EtcdMutualTls { get; } = Check("hunt.etcd.mutual-tls", "etcd requires client certificates", Severity.Info,
        "etcd refused a TLS client without a certificate: only holders of a certificate from its CA can talk to it.", "Nothing to do; keep the CA's keys restricted to the control plane.", ["T1552.007"]);

    public static CheckInfo DockerApi { get; } = Check("hunt.docker.no-tls", "Docker API exposed without TLS", Severity.Critical,
        "The Docker daemon's API answers over plain TCP: anyone reaching it can start privileged containers, i.e. root on the host.",
        "Bind dockerd to its Unix socket only, or require TLS client certificates (--tlsverify).", ["T1610", "T1611"]);

    public static CheckInfo Dashboard { get; } = Check("hunt.dashboard.exposed", "Kubernetes Dashboard reachable without login", Severity.High,
        "The Kubernetes Dashboard answers without authentication.", "Expose the dashboard only through kubectl proxy or an authenticating proxy; never with a privileged service account.", ["T1133"], "KHV029");

    public static CheckInfo KubectlProxy { get; } = Check("hunt.kubectl-proxy", "kubectl proxy reachable", Severity.High,
        "A kubectl proxy forwards requests to the API server with the credentials of whoever started it, to anyone reaching it.",
        "Stop the proxy or bind it to 127.0.0.1 only (kubectl proxy --address=127.0.0.1).", ["T1133", "T1078"], "KHV049");

    public static CheckInfo MetricsExposed { get; } = Check("hunt.metrics.exposed", "Component metrics reachable from the network", Severity.Medium,
        "kube-proxy, cAdvisor or control-plane metrics answer on a non-loopback address without authentication, leaking pod, node and network details.",
        "Bind metrics to 127.0.0.1 (--metrics-bind-address) or put them behind authentication.", ["T1613", "T1046"]);

    public static CheckInfo CertificateExpired { get; } = Check("hunt.tls.certificate-expired", "TLS certificate expired or expiring", Severity.High,
        "The endpoint's certificate has expired (or expires within 30 days, reported as medium): clients fail or are taught to skip verification.",
        "Renew the certificate (kubeadm certs renew, or your issuer) and automate renewal.", ["T1190"]);

    public static CheckInfo OldTls { get; } = Check("hunt.tls.old-protocol", "Old TLS protocol accepted", Severity.Medium,
        "The endpoint accepts TLS 1.0 or 1.1, which have known weaknesses.", "Set the minimum TLS version to 1.2 (--tls-min-version=VersionTLS12).", ["T1190"]);

    public static CheckInfo PodToken { get; } = Check("hunt.pod.service-account-powerful", "This pod's service account token holds risky permissions", Severity.High,
        "The token mounted into the pod the hunter runs in may read secrets, create pods or do anything: whoever compromises the pod gets that.",
        "Give the pod a dedicated service account with only what it needs, or automountServiceAccountToken: false.", ["T1528", "T1552.007"], "KHV050", "KHV005");

    public static CheckInfo CloudMetadata { get; } = Check("hunt.pod.cloud-metadata", "Cloud metadata service reachable from the pod", Severity.High,
        "The instance metadata endpoint (169.254.169.254) answers pods, exposing node credentials and user data.",
        "Block 169.254.169.254 with a NetworkPolicy or the cloud's metadata hop limit / IMDSv2, and use workload identity.", ["T1552.007", "T1528"], "KHV053", "KHV003");

    public static IReadOnlyList<CheckInfo> All { get; } =
    [
        ApiAnonymousRead, ApiInsecurePort, ApiAnonymousDiscovery, VersionDisclosure, KubeletReadOnly, KubeletAnonymous, KubeletRun, EtcdPlain, EtcdNoClientAuth,
        EtcdMutualTls, DockerApi, Dashboard, KubectlProxy, MetricsExposed, CertificateExpired, OldTls, PodToken, CloudMetadata,
    ];

    public static ICheckSource Source { get; } = new CheckSource("network", () => All);
}
