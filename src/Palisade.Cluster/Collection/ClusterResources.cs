namespace Palisade.Cluster.Collection;

/// <summary>One resource the collector lists: its API path, kind, and whether it lives in namespaces.</summary>
public sealed record ClusterResource(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    public string Name => Group.Length == 0 ? $"{Version}/{Plural}" : $"{Group}/{Version}/{Plural}";

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Secrets are listed as metadata only: their data never leaves the API server.</summary>
    public bool MetadataOnly => Plural == "secrets";

    public string PathIn(string? @namespace)
    {
        var prefix = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return @namespace is null ? $"{prefix}/{Plural}" : $"{prefix}/namespaces/{@namespace}/{Plural}";
    }
}

public static class ClusterResources
{
    public static IReadOnlyList<ClusterResource> All { get; } =
    [
        new("", "v1", "namespaces", "Namespace", false),
        new("", "v1", "nodes", "Node", false),
        new("", "v1", "pods", "Pod", true),
        new("", "v1", "replicationcontrollers", "ReplicationController", true),
        new("", "v1", "services", "Service", true),
        new("", "v1", "serviceaccounts", "ServiceAccount", true),
        new("", "v1", "secrets", "Secret", true),
        new("apps", "v1", "deployments", "Deployment", true),
        new("apps", "v1", "replicasets", "ReplicaSet", true),
        new("apps", "v1", "statefulsets", "StatefulSet", true),
        new("apps", "v1", "daemonsets", "DaemonSet", true),
        new("batch", "v1", "jobs", "Job", true),
        new("batch", "v1", "cronjobs", "CronJob", true),
        new("networking.k8s.io", "v1", "ingresses", "Ingress", true),
        new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true),
        new("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
        new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
        new("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
        new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
        new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false),
        new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false),
    ];
}
