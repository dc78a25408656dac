using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class PowerfulBuiltinRoleBindingCheck : IManifestCheck
{
    // cluster-admin has a check of its own (rbac.cluster-admin-binding).
    private static readonly HashSet<string> Powerful = ["admin", "edit"];

    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.admin-or-edit-binding"),
        Title = "Built-in admin or edit role bound to a non-system subject",
        Severity = Severity.Medium,
        Description = "The built-in admin and edit roles read every secret of the namespace and create any workload there, with any of its service accounts; admin also manages its roles and bindings. Bound cluster-wide they cover every namespace.",
        Remediation = "Bind a role with only the resources and verbs the subject needs; if admin or edit is intended, bind it with a RoleBinding in one namespace, never a ClusterRoleBinding.",
        Mitre = CheckInfo.Techniques("T1098.006", "T1078"),
        Frameworks = [FrameworkRef.Cis("5.1.1")],
        Aliases = ["C-0035"],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (RoleBinding.Of(obj) is not { RoleKind: "ClusterRole" } binding || !Powerful.Contains(binding.RoleName))
        {
            yield break;
        }
        var scope = obj.Kind == "ClusterRoleBinding" ? "in every namespace" : $"in namespace '{obj.Namespace ?? "default"}'";
        foreach (var subject in binding.Subjects.Where(s => !s.IsSystem))
        {
            yield return new CheckHit(subject.Node, $"{obj.Kind} '{obj.Name}' grants the built-in '{binding.RoleName}' role {scope} to {subject}", $"roleRef: {binding.RoleName}, subject: {subject}");
        }
    }
}
