using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class PublicGroupBindingCheck : IManifestCheck
{
    private static readonly HashSet<string> PublicSubjects = ["system:anonymous", "system:unauthenticated", "system:authenticated"];

    // Kubernetes binds these discovery roles to everyone by default; they expose nothing sensitive.
    private static readonly HashSet<string> DefaultPublicRoles =
        ["system:public-info-viewer", "system:discovery", "system:basic-user", "system:service-account-issuer-discovery"];

    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("rbac.anonymous-binding"),
        Title = "Role bound to anonymous or all authenticated users",
        Severity = Severity.Critical,
        Description = "Binding a role to system:anonymous or system:unauthenticated gives it to anyone who can reach the API server; system:authenticated gives it to every account, including every service account of every pod.",
        Remediation = "Bind roles to specific users, groups or service accounts, never to system:anonymous, system:unauthenticated or system:authenticated.",
        Mitre = CheckInfo.Techniques("T1078.001", "T1190", "T1552.007"),
        Frameworks = [FrameworkRef.Cis("5.1.1")],
        Aliases = ["C-0262"],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (RoleBinding.Of(obj) is not { } binding || DefaultPublicRoles.Contains(binding.RoleName))
        {
            yield break;
        }
        foreach (var subject in binding.Subjects.Where(s => PublicSubjects.Contains(s.Name)))
        {
            yield return new CheckHit(subject.Node, $"{obj.Kind} '{obj.Name}' grants {binding.RoleKind} '{binding.RoleName}' to {subject.Name}", $"subject: {subject}");
        }
    }
}
