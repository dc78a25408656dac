using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class AllowPrivilegeEscalationControl : PodSecurityControlBase
{
    public override string ControlId => "allowPrivilegeEscalation";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.privilege-escalation"),
        Title = "Privilege escalation allowed",
        Severity = Severity.Medium,
        Description = "Unless allowPrivilegeEscalation is false, setuid binaries and file capabilities can raise a process's privileges.",
        Remediation = "Set securityContext.allowPrivilegeEscalation: false on every container.",
        Mitre = CheckInfo.Techniques("T1068", "T1611"),
        Frameworks = [FrameworkRef.Pss("restricted", "allowPrivilegeEscalation"), FrameworkRef.Cis("5.2.6")],
        Aliases = ["KSV001", "C-0016"],
    };

    // From v1.25 Windows pods (spec.os.name: windows) are exempt: the field has no meaning there.
    public override IReadOnlyList<PssRule> Rules { get; } = [new(8, Evaluate), new(25, pod => pod.IsWindows ? [] : Evaluate(pod))];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from c in pod.AllContainers()
        where c.SecurityContext?.Bool("allowPrivilegeEscalation") != false
        select Hit(c.SecurityContext?["allowPrivilegeEscalation"] ?? c.Node,
            $"{c.Describe()} does not set allowPrivilegeEscalation: false",
            c.SecurityContext?.Bool("allowPrivilegeEscalation") is true ? "allowPrivilegeEscalation: true" : "allowPrivilegeEscalation unset", c);
}
