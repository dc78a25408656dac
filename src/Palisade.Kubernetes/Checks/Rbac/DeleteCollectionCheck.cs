using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class DeleteCollectionCheck : PermissionCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.delete-collection"),
        Title = "Role can delete whole collections of pods or workloads",
        Severity = Severity.Medium,
        Description = "deletecollection removes every pod or workload of a namespace in one request: one credential is enough to take an application down, or to erase evidence.",
        Remediation = "Grant delete on the objects a subject manages, never deletecollection on pods or workloads.",
        Mitre = CheckInfo.Techniques("T1485", "T1070"),
        Aliases = ["C-0007"],
    };

    protected override string Consequence => "delete every pod or workload of a namespace at once";

    protected override IReadOnlyList<Permission> Permissions { get; } =
    [
        new("", "pods", "deletecollection"),
        new("", "replicationcontrollers", "deletecollection"),
        new("apps", "deployments", "deletecollection"),
        new("apps", "daemonsets", "deletecollection"),
        new("apps", "statefulsets", "deletecollection"),
        new("apps", "replicasets", "deletecollection"),
        new("batch", "jobs", "deletecollection"),
        new("batch", "cronjobs", "deletecollection"),
    ];
}
