using Palisade.Cluster.Rbac;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster.Checks;

/// <summary>Every reviewable subject's escalation paths, in subject order, computed once for the RBAC checks.</summary>
public sealed record RbacAnalysis(IReadOnlyList<(RbacSubject Subject, EscalationPath Path)> Paths)
{
    public static RbacAnalysis Of(IReadOnlyList<KubernetesObject> objects)
    {
        var rbac = new RbacModel(objects);
        var paths = new EscalationPaths(rbac, objects);
        return new RbacAnalysis([.. rbac.Subjects.Where(IsReviewable).OrderBy(s => s.ToString(), StringComparer.Ordinal)
            .SelectMany(subject => paths.For(subject).Select(path => (subject, path)))]);
    }

    public static Target TargetOf(RbacSubject subject) =>
        new(null, subject.Kind == "ServiceAccount" ? new ResourceRef("ServiceAccount", subject.Namespace, subject.Name) : new ResourceRef(subject.Kind, null, subject.Name));

    /// <summary>The platform's own identities (system:* users and kube-system controllers) are powerful by design.</summary>
    private static bool IsReviewable(RbacSubject subject) =>
        !(subject.Name.StartsWith("system:", StringComparison.Ordinal) && subject.Name is not ("system:anonymous" or "system:unauthenticated" or "system:authenticated" or "system:serviceaccounts"))
        && subject.Namespace != "kube-system";
}
