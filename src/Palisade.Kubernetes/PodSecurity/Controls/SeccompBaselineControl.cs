using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class SeccompBaselineControl : PodSecurityControlBase
{
    internal const string PodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
    internal const string ContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    public override string ControlId => "seccompProfile_baseline";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.seccomp-unconfined"),
        Title = "Seccomp explicitly disabled",
        Severity = Severity.Medium,
        Description = "An Unconfined seccomp profile gives the container every system call, including those used in kernel exploits.",
        Remediation = "Set securityContext.seccompProfile.type to RuntimeDefault or Localhost instead of Unconfined.",
        Mitre = CheckInfo.Techniques("T1611", "T1068"),
        Frameworks = [FrameworkRef.Pss("baseline", "seccompProfile")],
        Aliases = ["KSV104"],
    };

    // Before v1.19 seccomp was set by annotations; from v1.19 by the securityContext field.
    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Annotations), new(19, Fields)];

    private static IEnumerable<CheckHit> Annotations(PodView pod)
    {
        if (pod.Annotations?.Scalar(PodAnnotation) is { Value: "unconfined" } podValue)
        {
            yield return Hit(podValue, "the pod's seccomp annotation is unconfined", $"{PodAnnotation}: unconfined");
        }
        foreach (var container in pod.AllContainers())
        {
            if (pod.Annotations?.Scalar(ContainerAnnotationPrefix + container.Name) is { Value: "unconfined" } value)
            {
                yield return Hit(value, $"{container.Describe()} has an unconfined seccomp annotation", $"{ContainerAnnotationPrefix}{container.Name}: unconfined", container);
            }
        }
    }

    private static IEnumerable<CheckHit> Fields(PodView pod) =>
        from p in SecurityContextMaps(pod, "seccompProfile")
        where p.Value.Str("type") == "Unconfined"
        select Hit(p.Value["type"], $"{Owner(p.Container)} sets seccomp profile Unconfined", "seccompProfile.type: Unconfined", p.Container);
}
