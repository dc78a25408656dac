using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class WorkloadCreateCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.workload-create"),
        Title = "Role can create or change workloads",
        Severity = Severity.High,
        Description = "Whoever can create pods, directly or through a controller, can run any image with any service account of the namespace and, without admission control, privileged on the node.",
        Remediation = "Grant workload write access only to deployment pipelines; enforce Pod Security Admission (restricted) in the namespaces they write to.",
        Mitre = CheckInfo.Techniques("T1610", "T1098.006", "T1611"),
        Frameworks = [FrameworkRef.Cis("5.1.4")],
        Aliases = ["KSV048", "C-0188"],
    };

    protected override string Consequence => "run pods with any service account or host access in its namespaces";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "pods", "create", "update", "patch"),
        new("", "replicationcontrollers", "create", "update", "patch"),
        new("", "podtemplates", "create", "update", "patch"),
        new("apps", "deployments", "create", "update", "patch"),
        new("apps", "daemonsets", "create", "update", "patch"),
        new("apps", "statefulsets", "create", "update", "patch"),
        new("apps", "replicasets", "create", "update", "patch"),
        new("batch", "jobs", "create", "update", "patch"),
        new("batch", "cronjobs", "create", "update", "patch"),
    ];
}
