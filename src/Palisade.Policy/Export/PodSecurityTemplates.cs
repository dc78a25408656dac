using Palisade.Kubernetes.PodSecurity.Controls;
using static Palisade.Policy.Export.CelText;

namespace Palisade.Policy.Export;

/// <summary>
/// Each Pod Security Standards control's rule as CEL over the workload variables (<see cref="WorkloadVariables"/>),
/// keyed by control id and the version the rule starts at, with the report's semantics: a restricted control does not
/// repeat what the baseline control it overrides already reports. A rule without a template here is a defect the
/// export refuses and its test names.
/// </summary>
internal static class PodSecurityTemplates
{
    private const string Windows = "variables.isWindows || ";
    private const string RuntimeOrLocal = "['RuntimeDefault', 'Localhost']";

    public static string? For(string controlId, int ruleMinor, int versionMinor) => (controlId, ruleMinor) switch
    {
        ("privileged", 0) => "variables.containers.all(c, c.?securityContext.?privileged.orValue(false) != true)",
        ("hostNamespaces", 0) => "['hostNetwork', 'hostPID', 'hostIPC'].all(f, variables.podSpec[?f].orValue(false) != true)",
        ("hostPathVolumes", 0) => "variables.podSpec.?volumes.orValue([]).all(v, !has(v.hostPath))",
        ("hostPorts", 0) => "variables.containers.all(c, c.?ports.orValue([]).all(p, type(p.?hostPort.orValue(0)) != int || p.?hostPort.orValue(0) == 0))",
        ("appArmorProfile", 0) =>
            $"variables.podSpec.?securityContext.?appArmorProfile.optMap(p, p.?type.orValue('') in {RuntimeOrLocal}).orValue(true)"
            + $" && variables.containers.all(c, c.?securityContext.?appArmorProfile.optMap(p, p.?type.orValue('') in {RuntimeOrLocal}).orValue(true))"
            + " && variables.podMeta.?annotations.orValue({}).all(k, !k.startsWith('container.apparmor.security.beta.kubernetes.io/')"
            + " || string(variables.podMeta.annotations[k]) in ['', 'runtime/default'] || string(variables.podMeta.annotations[k]).startsWith('localhost/'))",
        ("capabilities_baseline", 0) =>
            $"variables.containers.all(c, c.?securityContext.?capabilities.?add.orValue([]).all(a, a in {List(CapabilitiesBaselineControl.AllowedCapabilities)}))",
        ("capabilities_restricted", 22 or 25) => (ruleMinor >= 25 ? Windows : "")
            + "variables.containers.all(c, 'ALL' in c.?securityContext.?capabilities.?drop.orValue([])"
            + $" && c.?securityContext.?capabilities.?add.orValue([]).all(a, a == 'NET_BIND_SERVICE' || !(a in {List(CapabilitiesBaselineControl.AllowedCapabilities)})))",
        ("seLinuxOptions", 0 or 31) =>
            "([variables.podSpec.?securityContext.?seLinuxOptions] + variables.containers.map(c, c.?securityContext.?seLinuxOptions))"
            + $".all(o, !o.hasValue() || (o.value().?type.orValue('') in {List(SeLinuxOptionsControl.AllowedTypesAt(versionMinor))}"
            + " && o.value().?user.orValue('') == '' && o.value().?role.orValue('') == ''))",
        ("procMount", 0) => NonDefaultProcMount,
        ("procMount", 35) => $"variables.podSpec.?hostUsers.orValue(true) == false || {NonDefaultProcMount}",
        ("procMount_restricted", 35) => $"variables.podSpec.?hostUsers.orValue(true) != false || {NonDefaultProcMount}",
        ("seccompProfile_baseline", 0) =>
            "variables.podMeta.?annotations[?'seccomp.security.alpha.kubernetes.io/pod'].orValue('') != 'unconfined'"
            + " && variables.containers.all(c, variables.podMeta.?annotations[?('container.seccomp.security.alpha.kubernetes.io/' + c.?name.orValue(''))].orValue('') != 'unconfined')",
        ("seccompProfile_baseline", 19) =>
            "([variables.podSpec.?securityContext.?seccompProfile] + variables.containers.map(c, c.?securityContext.?seccompProfile))"
            + ".all(p, !p.hasValue() || p.value().?type.orValue('') != 'Unconfined')",
        ("seccompProfile_restricted", 19 or 25) => (ruleMinor >= 25 ? Windows : "")
            + "(variables.podSpec.?securityContext.?seccompProfile.optMap(p, p.?type.orValue('') in ['RuntimeDefault', 'Localhost', 'Unconfined']).orValue(true)"
            + " && variables.containers.all(c, c.?securityContext.?seccompProfile.hasValue()"
            + " ? c.securityContext.seccompProfile.?type.orValue('') in ['RuntimeDefault', 'Localhost', 'Unconfined']"
            + $" : variables.podSpec.?securityContext.?seccompProfile.optMap(p, p.?type.orValue('') in {RuntimeOrLocal}).orValue(false)))",
        ("sysctls", 0 or 27 or 29 or 32 or 37) =>
            $"variables.podSpec.?securityContext.?sysctls.orValue([]).all(s, s.?name.orValue('') in {List(SysctlsControl.SafeAt(versionMinor))})",
        ("windowsHostProcess", 0) =>
            "([variables.podSpec.?securityContext.?windowsOptions] + variables.containers.map(c, c.?securityContext.?windowsOptions))"
            + ".all(o, !o.hasValue() || o.value().?hostProcess.orValue(false) != true)",
        ("hostProbesAndHostLifecycle", 34) =>
            "variables.containers.all(c, ['livenessProbe', 'readinessProbe', 'startupProbe'].all(p, ['httpGet', 'tcpSocket'].all(h, c[?p][?h].?host.orValue('') == ''))"
            + " && ['postStart', 'preStop'].all(k, ['httpGet', 'tcpSocket'].all(h, c.?lifecycle[?k][?h].?host.orValue('') == '')))",
        ("restrictedVolumes", 0) => $"variables.podSpec.?volumes.orValue([]).all(v, !v.exists(k, k in {List(VolumeTypesControl.ForbiddenTypes)}))",
        ("allowPrivilegeEscalation", 8 or 25) => (ruleMinor >= 25 ? Windows : "")
            + "variables.containers.all(c, c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false)",
        ("runAsNonRoot", 0) =>
            "variables.podSpec.?securityContext.?runAsNonRoot.orValue(true) != false"
            + " && variables.containers.all(c, c.?securityContext.?runAsNonRoot.hasValue() ? c.securityContext.runAsNonRoot != false"
            + " : variables.podSpec.?securityContext.?runAsNonRoot.orValue(false) == true)",
        ("runAsUser", 23) => "variables.podSpec.?securityContext.?runAsUser.orValue(1) != 0 && variables.containers.all(c, c.?securityContext.?runAsUser.orValue(1) != 0)",
        _ => null,
    };

    private const string NonDefaultProcMount = "variables.containers.all(c, c.?securityContext.?procMount.orValue('Default') == 'Default')";
}
