using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class HostPathVolumesControl : PodSecurityControlBase
{
    public override string ControlId => "hostPathVolumes";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.host-path"),
        Title = "hostPath volume",
        Severity = Severity.Medium,
        Description = "A hostPath volume exposes the node's filesystem to the container; writable mounts are a path to the host.",
        Remediation = "Replace hostPath volumes with emptyDir, configMap, secret, projected or persistent volumes.",
        Mitre = CheckInfo.Techniques("T1611"),
        Frameworks = [FrameworkRef.Pss("baseline", "hostPathVolumes"), FrameworkRef.Cis("5.2.12")],
        Aliases = ["KSV023", "C-0048"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from volume in pod.Volumes
        where volume.Has("hostPath")
        select Hit(volume["hostPath"], $"volume '{volume.Str("name")}' mounts host path '{volume.Map("hostPath")?.Str("path")}'",
            $"hostPath.path: {volume.Map("hostPath")?.Str("path")}");
}
