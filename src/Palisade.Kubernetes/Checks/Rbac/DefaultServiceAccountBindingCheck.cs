using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class DefaultServiceAccountBindingCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.default-service-account-binding"),
        Title = "Role bound to a default service account",
        Severity = Severity.Medium,
        Description = "Every pod that names no service account runs as 'default'; permissions bound to it reach all of them.",
        Remediation = "Create a dedicated ServiceAccount for the workload that needs the permissions and bind the role to it.",
        Mitre = CheckInfo.Techniques("T1078.001", "T1528"),
        Frameworks = [FrameworkRef.Cis("5.1.5")],
        Aliases = ["C-0189"],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (RoleBinding.Of(obj) is not { } binding)
        {
            yield break;
        }
        foreach (var subject in binding.Subjects.Where(s => s.Kind == "ServiceAccount" && s.Name == "default"))
        {
            yield return new CheckHit(subject.Node, $"{obj.Kind} '{obj.Name}' grants {binding.RoleKind} '{binding.RoleName}' to the default service account of namespace '{subject.Namespace ?? obj.Namespace}'", $"subject: {subject}");
        }
    }
}
