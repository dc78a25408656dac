using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class RunAsUserControl : PodSecurityControlBase
{
    public override string ControlId => "runAsUser";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.run-as-root-user"),
        Title = "Runs as user 0",
        Severity = Severity.Medium,
        Description = "runAsUser: 0 runs the container's processes as root.",
        Remediation = "Set runAsUser to a non-zero UID (or leave it unset with runAsNonRoot: true).",
        Mitre = CheckInfo.Techniques("T1611", "T1068"),
        Frameworks = [FrameworkRef.Pss("restricted", "runAsUser")],
        Aliases = ["KSV105"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(23, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod)
    {
        if (pod.SecurityContext?.Int("runAsUser") == 0)
        {
            yield return Hit(pod.SecurityContext["runAsUser"], "the pod sets runAsUser: 0", "runAsUser: 0");
        }
        foreach (var container in pod.AllContainers().Where(c => c.SecurityContext?.Int("runAsUser") == 0))
        {
            yield return Hit(container.SecurityContext!["runAsUser"], $"{container.Describe()} sets runAsUser: 0", "runAsUser: 0", container);
        }
    }
}
