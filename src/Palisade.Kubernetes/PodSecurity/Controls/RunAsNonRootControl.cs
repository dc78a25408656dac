using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class RunAsNonRootControl : PodSecurityControlBase
{
    public override string ControlId => "runAsNonRoot";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.run-as-non-root"),
        Title = "Not required to run as non-root",
        Severity = Severity.Medium,
        Description = "Without runAsNonRoot: true the kubelet lets an image that runs as root start; root in a container is one bug away from root on the node.",
        Remediation = "Set securityContext.runAsNonRoot: true on the pod (and do not set it to false on any container).",
        Mitre = CheckInfo.Techniques("T1611", "T1068"),
        Frameworks = [FrameworkRef.Pss("restricted", "runAsNonRoot"), FrameworkRef.Cis("5.2.7")],
        Aliases = ["KSV012", "C-0013"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod)
    {
        var podValue = pod.SecurityContext?.Bool("runAsNonRoot");
        if (podValue == false)
        {
            yield return Hit(pod.SecurityContext!["runAsNonRoot"], "the pod sets runAsNonRoot: false", "runAsNonRoot: false");
        }
        foreach (var container in pod.AllContainers())
        {
            var value = container.SecurityContext?.Bool("runAsNonRoot");
            if (value == false)
            {
                yield return Hit(container.SecurityContext!["runAsNonRoot"], $"{container.Describe()} sets runAsNonRoot: false", "runAsNonRoot: false", container);
            }
            else if (value is null && podValue != true)
            {
                yield return Hit(container.Node, $"{container.Describe()} may run as root: runAsNonRoot is set neither on it nor on the pod", "runAsNonRoot unset", container);
            }
        }
    }
}
