using System.Collections.Frozen;

namespace Palisade.Kubernetes.Manifests;

/// <summary>Built-in kinds; anything else (a custom resource) is reported once as skipped, not as an error.</summary>
public static class KnownKinds
{
    public static FrozenSet<string> WorkloadKinds { get; } = new[]
    {
        "Pod", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController", "PodTemplate",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> All { get; } = WorkloadKinds.Concat(
    [
        "Service", "Ingress", "IngressClass", "NetworkPolicy", "Namespace", "ServiceAccount", "ConfigMap", "Secret",
        "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "PersistentVolume", "PersistentVolumeClaim",
        "StorageClass", "HorizontalPodAutoscaler", "PodDisruptionBudget", "LimitRange", "ResourceQuota", "PriorityClass",
        "CustomResourceDefinition", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "Endpoints", "EndpointSlice", "APIService",
        "RuntimeClass", "CSIDriver", "Lease", "Event", "Node", "CertificateSigningRequest", "VolumeAttachment",
        "ControllerRevision", "PodSecurityPolicy", "List",
    ]).ToFrozenSet(StringComparer.Ordinal);
}
