using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Rbac;

public sealed class PublicGroupBindingCheck : IManifestCheck
{
    private static readonly HashSet<string> Unauthenticated = ["system:anonymous", "system:unauthenticated"];

    // What the API server itself binds: to everyone, only system:public-info-viewer (health and version). Discovery
    // and basic-user have been bound to authenticated users only since 1.14, and the issuer discovery role to service
    // accounts; bound to unauthenticated users they are a finding.
    private static readonly HashSet<string> DefaultForEveryone = ["system:public-info-viewer"];

    private static readonly HashSet<string> DefaultForAuthenticated =
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
        if (RoleBinding.Of(obj) is not { } binding)
        {
            yield break;
        }
        var defaultRole = binding.RoleKind == "ClusterRole";
        foreach (var subject in binding.Subjects)
        {
            var unauthenticated = Unauthenticated.Contains(subject.Name);
            if (!unauthenticated && subject.Name != "system:authenticated")
            {
                continue;
            }
            if (defaultRole && (unauthenticated ? DefaultForEveryone : DefaultForAuthenticated).Contains(binding.RoleName))
            {
                continue;
            }
            yield return new CheckHit(subject.Node, $"{obj.Kind} '{obj.Name}' grants {binding.RoleKind} '{binding.RoleName}' to {subject.Name}", $"subject: {subject}");
        }
    }
}
