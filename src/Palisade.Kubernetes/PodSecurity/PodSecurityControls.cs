using Palisade.Kubernetes.PodSecurity.Controls;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>Every Pod Security Standards control, listed explicitly (no reflection, so trimming keeps them).</summary>
public static class PodSecurityControls
{
    public static IReadOnlyList<IPodSecurityControl> All { get; } =
    [
        new PrivilegedControl(),
        new HostNamespacesControl(),
        new HostPathVolumesControl(),
        new HostPortsControl(),
        new AppArmorControl(),
        new CapabilitiesBaselineControl(),
        new SeLinuxOptionsControl(),
        new ProcMountControl(),
        new SeccompBaselineControl(),
        new SysctlsControl(),
        new WindowsHostProcessControl(),
        new HostProbesControl(),
        new VolumeTypesControl(),
        new AllowPrivilegeEscalationControl(),
        new RunAsNonRootControl(),
        new RunAsUserControl(),
        new SeccompRestrictedControl(),
        new CapabilitiesRestrictedControl(),
        new ProcMountRestrictedControl(),
    ];
}
