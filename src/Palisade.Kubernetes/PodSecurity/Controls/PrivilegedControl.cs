using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class PrivilegedControl : PodSecurityControlBase
{
    public override string ControlId => "privileged";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.privileged"),
        Title = "Privileged container",
        Severity = Severity.High,
        Description = "A privileged container has every capability and all host devices; it can take over the node.",
        Remediation = "Remove securityContext.privileged or set it to false.",
        Mitre = CheckInfo.Techniques("T1611", "T1610"),
        Frameworks = [FrameworkRef.Pss("baseline", "privileged"), FrameworkRef.Cis("5.2.2"), FrameworkRef.Nsa("Pod security: non-root, immutable, privileged")],
        Aliases = ["KSV017", "C-0057"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from c in pod.AllContainers()
        where c.SecurityContext?.Bool("privileged") == true
        select Hit(c.SecurityContext!["privileged"], $"{c.Describe()} runs privileged", "securityContext.privileged: true", c);
}
