using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class SeccompRestrictedControl : PodSecurityControlBase
{
    private const string Baseline = "seccompProfile_baseline";

    public override string ControlId => "seccompProfile_restricted";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.seccomp-profile"),
        Title = "No seccomp profile",
        Severity = Severity.Low,
        Description = "Without a RuntimeDefault or Localhost seccomp profile a container may make any system call.",
        Remediation = "Set spec.securityContext.seccompProfile.type: RuntimeDefault (or Localhost) on the pod or on every container.",
        Mitre = CheckInfo.Techniques("T1611", "T1068"),
        Frameworks = [FrameworkRef.Pss("restricted", "seccompProfile")],
        Aliases = ["KSV030", "C-0210"],
    };

    // Replaces the baseline seccomp control at the restricted level; Windows pods are exempt from v1.25.
    public override IReadOnlyList<PssRule> Rules { get; } =
        [new(19, Evaluate, Baseline), new(25, pod => pod.IsWindows ? [] : Evaluate(pod), Baseline)];

    private static bool Valid(string? type) => type is "RuntimeDefault" or "Localhost";

    private static IEnumerable<CheckHit> Evaluate(PodView pod)
    {
        var podProfile = pod.SecurityContext?.Map("seccompProfile");
        var podSet = false;
        if (podProfile is not null)
        {
            if (Valid(podProfile.Str("type")))
            {
                podSet = true;
            }
            else
            {
                yield return Hit(podProfile["type"] ?? podProfile, $"the pod sets seccomp profile type '{podProfile.Str("type")}'", $"seccompProfile.type: {podProfile.Str("type")}");
            }
        }
        foreach (var container in pod.AllContainers())
        {
            var profile = container.SecurityContext?.Map("seccompProfile");
            if (profile is not null && !Valid(profile.Str("type")))
            {
                yield return Hit(profile["type"] ?? profile, $"{container.Describe()} sets seccomp profile type '{profile.Str("type")}'", $"seccompProfile.type: {profile.Str("type")}", container);
            }
            else if (profile is null && !podSet)
            {
                yield return Hit(container.Node, $"{container.Describe()} has no seccomp profile (RuntimeDefault or Localhost)", "seccompProfile unset", container);
            }
        }
    }
}
