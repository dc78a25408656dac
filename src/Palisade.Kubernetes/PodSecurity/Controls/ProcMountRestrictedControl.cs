using Palisade.Core.Findings;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class ProcMountRestrictedControl : PodSecurityControlBase
{
    public override string ControlId => "procMount_restricted";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.proc-mount-restricted"),
        Title = "Unmasked /proc in a user-namespaced pod",
        Severity = Severity.Low,
        Description = "The restricted level (v1.35+) keeps /proc masked even for pods in their own user namespace.",
        Remediation = "Remove securityContext.procMount or set it to Default.",
        Mitre = CheckInfo.Techniques("T1611"),
        Frameworks = [FrameworkRef.Pss("restricted", "procMount")],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(35, ProcMountControl.NonDefault, "procMount")];
}
