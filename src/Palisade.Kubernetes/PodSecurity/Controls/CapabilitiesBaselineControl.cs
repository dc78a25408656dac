using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class CapabilitiesBaselineControl : PodSecurityControlBase
{
    private static readonly HashSet<string> Allowed =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
        "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    /// <summary>The capabilities the baseline level lets a container add.</summary>
    public static IReadOnlySet<string> AllowedCapabilities => Allowed;

    public override string ControlId => "capabilities_baseline";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.capabilities-added"),
        Title = "Dangerous capability added",
        Severity = Severity.High,
        Description = "Capabilities beyond the container runtime's default set (SYS_ADMIN, NET_ADMIN, SYS_PTRACE…) enable container escapes.",
        Remediation = "Remove capabilities outside the default set from securityContext.capabilities.add.",
        Mitre = CheckInfo.Techniques("T1611"),
        Frameworks = [FrameworkRef.Pss("baseline", "capabilities"), FrameworkRef.Cis("5.2.9")],
        // kubescape counts SYS_ADMIN as privileged (C-0057): its alias selects this check with pod.privileged.
        Aliases = ["KSV022", "KSV005", "C-0046", "C-0057"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod) =>
        from c in pod.AllContainers()
        let add = c.SecurityContext?.Map("capabilities")?.Seq("add")
        where add is not null
        from item in add.Items.OfType<Core.Yaml.YamlScalar>()
        where !Allowed.Contains(item.Value)
        select Hit(item, $"{c.Describe()} adds capability {item.Value}", $"capabilities.add: {item.Value}", c);
}
