using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Cluster;

/// <summary>The checks only a live cluster (or its snapshot) can answer; manifest and node checks are reused as they are.</summary>
public static class ClusterChecks
{
    private static CheckInfo Check(string id, string title, Severity severity, string description, string remediation, params string[] mitre) =>
        CheckInfo.Define(id, title, severity, description, remediation, mitre);

    public static CheckInfo EndOfLife { get; } = Check("cluster.version.end-of-life", "Kubernetes version out of support", Severity.High,
        "Only the three newest Kubernetes minor versions receive patches; an end-of-life API server or kubelet no longer gets security fixes.",
        "Upgrade the control plane, then the nodes, one minor version at a time to a supported release.", "T1190", "T1068");

    public static CheckInfo EndsSoon { get; } = Check("cluster.version.ends-soon", "Kubernetes version leaves support within 60 days", Severity.Medium,
        "The minor version stops receiving security patches soon.", "Plan the upgrade to the next minor version now.", "T1190");

    public static CheckInfo PatchBehind { get; } = Check("cluster.version.patch-behind", "Kubernetes patch release behind", Severity.Low,
        "A newer patch release of the same minor version exists; patch releases carry the security fixes.", "Apply the latest patch release of the minor version.", "T1190");

    public static CheckInfo Skew { get; } = Check("cluster.version.skew", "Kubelet and API server versions outside the supported skew", Severity.Medium,
        "A kubelet may not be newer than the API server nor more than three minor versions older; outside that the combination is untested and unsupported.",
        "Upgrade the lagging nodes (or the control plane first) until every kubelet is within the supported skew.", "T1190");

    public static CheckInfo AnonymousAccess { get; } = Check("cluster.anonymous-access", "API server answers anonymous requests for cluster data", Severity.Critical,
        "Requests without credentials were answered with cluster data: anyone who can reach the API server can read it.",
        "Set --anonymous-auth=false on the API server, or remove every RBAC binding to system:anonymous and system:unauthenticated.", "T1078.001", "T1613");

    public static CheckInfo AnonymousDiscovery { get; } = Check("cluster.anonymous-discovery", "API server lists its APIs to anonymous users", Severity.Medium,
        "Unauthenticated discovery of /api and /apis helps an attacker map the cluster; Kubernetes has denied it by default since 1.14.",
        "Remove bindings that give system:unauthenticated the system:discovery role, or disable anonymous authentication.", "T1613");

    public static CheckInfo VersionDisclosed { get; } = Check("cluster.version-disclosed", "API server version visible without credentials", Severity.Info,
        "/version answers anonymous requests (the default system:public-info-viewer binding), which tells attackers which CVEs apply.",
        "Keep the API server patched; disable anonymous authentication if nothing relies on it.", "T1613");

    public static CheckInfo EscalationPath { get; } = Check("rbac.escalation-path", "Path to cluster-admin", Severity.Critical,
        "Through the permissions it holds (directly or by becoming another identity), this subject can obtain cluster-admin-equivalent power.",
        "Remove the first step of each path: narrow the role, scope it to the namespace and resources needed, or bind it to a different identity.", "T1098.006", "T1078");

    public static CheckInfo NodeEscapePath { get; } = Check("rbac.node-escape-path", "Path to root on a node", Severity.High,
        "The subject can create pods in a namespace where Pod Security admission does not forbid hostPath, privileged containers or host namespaces, so it can take over a node.",
        "Enforce the baseline (or restricted) Pod Security level on the namespace (pod-security.kubernetes.io/enforce), or remove the permission to create pods.", "T1611", "T1610");

    public static CheckInfo PowerfulPodAccount { get; } = Check("rbac.powerful-pod-service-account", "Running pod holds cluster-admin-equivalent power", Severity.High,
        "The pod's service account can reach cluster-admin: compromising this pod (a vulnerability, a malicious dependency) compromises the cluster.",
        "Give the workload its own service account with only what it needs, and set automountServiceAccountToken: false where the API is not used.", "T1528", "T1078.001");

    public static IReadOnlyList<CheckInfo> All { get; } =
        [EndOfLife, EndsSoon, PatchBehind, Skew, AnonymousAccess, AnonymousDiscovery, VersionDisclosed, EscalationPath, NodeEscapePath, PowerfulPodAccount];

    public static ICheckSource Source { get; } = new CheckSource("cluster", () => All);
}
