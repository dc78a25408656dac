using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class SysctlsControl : PodSecurityControlBase
{
    private static readonly HashSet<string> V1_0 =
    [
        "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    ];
    private static readonly HashSet<string> V1_27 = [.. V1_0, "net.ipv4.ip_local_reserved_ports"];
    private static readonly HashSet<string> V1_29 =
        [.. V1_27, "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
    private static readonly HashSet<string> V1_32 = [.. V1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];
    private static readonly HashSet<string> V1_37 = [.. V1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat"];

    /// <summary>The safe sysctls of a version.</summary>
    public static IReadOnlySet<string> SafeAt(int minor) => minor >= 37 ? V1_37 : minor >= 32 ? V1_32 : minor >= 29 ? V1_29 : minor >= 27 ? V1_27 : V1_0;

    public override string ControlId => "sysctls";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.sysctls-unsafe"),
        Title = "Unsafe sysctl",
        Severity = Severity.Medium,
        Description = "Sysctls outside the namespaced safe set can change the node's kernel behaviour for every pod.",
        Remediation = "Only set the safe sysctls the Pod Security Standards allow in spec.securityContext.sysctls.",
        Mitre = CheckInfo.Techniques("T1611", "T1499"),
        Frameworks = [FrameworkRef.Pss("baseline", "sysctls")],
        Aliases = ["KSV026"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } =
        [new(0, p => Evaluate(p, V1_0)), new(27, p => Evaluate(p, V1_27)), new(29, p => Evaluate(p, V1_29)), new(32, p => Evaluate(p, V1_32)), new(37, p => Evaluate(p, V1_37))];

    private static IEnumerable<CheckHit> Evaluate(PodView pod, HashSet<string> allowed) =>
        from sysctl in pod.SecurityContext?.Maps("sysctls") ?? []
        let name = sysctl.Str("name") ?? ""
        where !allowed.Contains(name)
        select Hit(sysctl, $"the pod sets unsafe sysctl '{name}'", $"sysctls: {name}");
}
