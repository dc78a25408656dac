using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class ProcMountControl : PodSecurityControlBase
{
    public override string ControlId => "procMount";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.proc-mount"),
        Title = "Unmasked /proc",
        Severity = Severity.Medium,
        Description = "An Unmasked procMount exposes kernel interfaces under /proc that the runtime normally hides.",
        Remediation = "Remove securityContext.procMount or set it to Default (from v1.35 baseline allows Unmasked only in pods with hostUsers: false).",
        Mitre = CheckInfo.Techniques("T1611"),
        Frameworks = [FrameworkRef.Pss("baseline", "procMount")],
        Aliases = ["KSV027"],
    };

    // From v1.35 a pod in its own user namespace may unmask /proc: the host's /proc stays out of reach.
    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, NonDefault), new(35, pod => pod.Spec.Bool("hostUsers") == false ? [] : NonDefault(pod))];

    internal static IEnumerable<CheckHit> NonDefault(PodView pod) =>
        from c in pod.AllContainers()
        let value = c.SecurityContext?.Str("procMount")
        where value is not null && value != "Default"
        select Hit(c.SecurityContext!["procMount"], $"{c.Describe()} sets procMount {value}", $"securityContext.procMount: {value}", c);
}
