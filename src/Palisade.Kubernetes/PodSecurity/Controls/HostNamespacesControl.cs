using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class HostNamespacesControl : PodSecurityControlBase
{
    private static readonly string[] Fields = ["hostNetwork", "hostPID", "hostIPC"];

    public override string ControlId => "hostNamespaces";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.host-namespaces"),
        Title = "Host namespaces shared",
        Severity = Severity.High,
        Description = "Sharing the host's network, PID or IPC namespace lets a container see and reach host processes and interfaces.",
        Remediation = "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC or set them to false.",
        Mitre = CheckInfo.Techniques("T1611", "T1610"),
        Frameworks = [FrameworkRef.Pss("baseline", "hostNamespaces"), FrameworkRef.Cis("5.2.3"), FrameworkRef.Cis("5.2.4"), FrameworkRef.Cis("5.2.5")],
        Aliases = ["KSV008", "KSV009", "KSV010", "C-0038", "C-0041"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from field in Fields
        where pod.Spec.Bool(field) == true
        select Hit(pod.Spec[field], $"the pod shares the host's {field[4..].ToLowerInvariant()} namespace", $"spec.{field}: true");
}
