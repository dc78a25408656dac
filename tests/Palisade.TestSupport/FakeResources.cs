namespace Palisade.TestSupport;

/// <summary>The resources the operator watches and writes, as a fake API server serves them.</summary>
public static class FakeResources
{
    public static IReadOnlyList<FakeResource> Operator { get; } =
    [
        new("apps", "v1", "deployments", "Deployment", true), new("apps", "v1", "statefulsets", "StatefulSet", true),
        new("apps", "v1", "daemonsets", "DaemonSet", true), new("apps", "v1", "replicasets", "ReplicaSet", true),
        new("batch", "v1", "jobs", "Job", true), new("batch", "v1", "cronjobs", "CronJob", true), new("", "v1", "pods", "Pod", true),
        new("", "v1", "replicationcontrollers", "ReplicationController", true), new("wgpolicyk8s.io", "v1alpha2", "policyreports", "PolicyReport", true),
        new("coordination.k8s.io", "v1", "leases", "Lease", true), new("", "v1", "secrets", "Secret", true),
    ];
}
