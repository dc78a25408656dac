using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class WindowsHostProcessControl : PodSecurityControlBase
{
    public override string ControlId => "windowsHostProcess";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.windows-host-process"),
        Title = "Windows HostProcess container",
        Severity = Severity.High,
        Description = "A Windows HostProcess container runs directly on the host with the host's privileges.",
        Remediation = "Remove securityContext.windowsOptions.hostProcess or set it to false.",
        Mitre = CheckInfo.Techniques("T1611", "T1610"),
        Frameworks = [FrameworkRef.Pss("baseline", "hostProcess"), FrameworkRef.Cis("5.2.11")],
        Aliases = ["KSV103"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from o in SecurityContextMaps(pod, "windowsOptions")
        where o.Value.Bool("hostProcess") == true
        select Hit(o.Value["hostProcess"], $"{Owner(o.Container)} runs as a Windows HostProcess", "windowsOptions.hostProcess: true", o.Container);
}
