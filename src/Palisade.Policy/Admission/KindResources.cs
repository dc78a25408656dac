using System.Collections.Frozen;

namespace Palisade.Policy.Admission;

/// <summary>
/// The resource (plural name) and scope of a kind, as discovery would give them: built-in kinds from a table,
/// other kinds by Kubernetes' own pluralisation rule (lower case; y→ies, s/x/z/ch/sh→es), cluster-scoped when the
/// object carries no namespace.
/// </summary>
public static class KindResources
{
    private static readonly FrozenDictionary<string, (string Resource, bool Namespaced)> BuiltIn = new Dictionary<string, (string, bool)>(StringComparer.Ordinal)
    {
        ["Pod"] = ("pods", true), ["Deployment"] = ("deployments", true), ["ReplicaSet"] = ("replicasets", true),
        ["StatefulSet"] = ("statefulsets", true), ["DaemonSet"] = ("daemonsets", true), ["Job"] = ("jobs", true),
        ["CronJob"] = ("cronjobs", true), ["ReplicationController"] = ("replicationcontrollers", true), ["PodTemplate"] = ("podtemplates", true),
        ["Service"] = ("services", true), ["Ingress"] = ("ingresses", true), ["NetworkPolicy"] = ("networkpolicies", true),
        ["ServiceAccount"] = ("serviceaccounts", true), ["ConfigMap"] = ("configmaps", true), ["Secret"] = ("secrets", true),
        ["Role"] = ("roles", true), ["RoleBinding"] = ("rolebindings", true), ["PersistentVolumeClaim"] = ("persistentvolumeclaims", true),
        ["HorizontalPodAutoscaler"] = ("horizontalpodautoscalers", true), ["PodDisruptionBudget"] = ("poddisruptionbudgets", true),
        ["LimitRange"] = ("limitranges", true), ["ResourceQuota"] = ("resourcequotas", true), ["Endpoints"] = ("endpoints", true),
        ["EndpointSlice"] = ("endpointslices", true), ["Lease"] = ("leases", true), ["Event"] = ("events", true),
        ["ControllerRevision"] = ("controllerrevisions", true),
        ["Namespace"] = ("namespaces", false), ["Node"] = ("nodes", false), ["PersistentVolume"] = ("persistentvolumes", false),
        ["ClusterRole"] = ("clusterroles", false), ["ClusterRoleBinding"] = ("clusterrolebindings", false),
        ["StorageClass"] = ("storageclasses", false), ["PriorityClass"] = ("priorityclasses", false), ["IngressClass"] = ("ingressclasses", false),
        ["CustomResourceDefinition"] = ("customresourcedefinitions", false), ["ValidatingWebhookConfiguration"] = ("validatingwebhookconfigurations", false),
        ["MutatingWebhookConfiguration"] = ("mutatingwebhookconfigurations", false), ["ValidatingAdmissionPolicy"] = ("validatingadmissionpolicies", false),
        ["ValidatingAdmissionPolicyBinding"] = ("validatingadmissionpolicybindings", false), ["APIService"] = ("apiservices", false),
        ["RuntimeClass"] = ("runtimeclasses", false), ["CSIDriver"] = ("csidrivers", false), ["CertificateSigningRequest"] = ("certificatesigningrequests", false),
        ["VolumeAttachment"] = ("volumeattachments", false), ["PodSecurityPolicy"] = ("podsecuritypolicies", false),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static (string Resource, bool Namespaced) Of(string kind, bool hasNamespace) =>
        BuiltIn.TryGetValue(kind, out var known) ? known : (Plural(kind.ToLowerInvariant()), hasNamespace);

    private static string Plural(string kind) =>
        kind.EndsWith('y') && kind.Length > 1 && !"aeiou".Contains(kind[^2], StringComparison.Ordinal) ? kind[..^1] + "ies"
        : kind.EndsWith('s') || kind.EndsWith('x') || kind.EndsWith('z') || kind.EndsWith("ch", StringComparison.Ordinal) || kind.EndsWith("sh", StringComparison.Ordinal) ? kind + "es"
        : kind + "s";
}
