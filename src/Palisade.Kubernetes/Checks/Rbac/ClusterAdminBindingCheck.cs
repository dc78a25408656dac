using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class ClusterAdminBindingCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.cluster-admin-binding"),
        Title = "cluster-admin bound to a non-system subject",
        Severity = Severity.High,
        Description = "cluster-admin is unrestricted power over the cluster; a user, group or service account holding it is a single credential away from total compromise.",
        Remediation = "Bind a narrower role; keep cluster-admin for break-glass access through system:masters certificates held offline.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.1")],
        Aliases = ["KSV111", "C-0035"],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (RoleBinding.Of(obj) is not { RoleKind: "ClusterRole", RoleName: "cluster-admin" } binding)
        {
            yield break;
        }
        foreach (var subject in binding.Subjects.Where(s => !s.IsSystem))
        {
            yield return new CheckHit(subject.Node, $"{obj.Kind} '{obj.Name}' grants cluster-admin to {subject}", $"roleRef: cluster-admin, subject: {subject}");
        }
    }
}
