using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

/// <summary>
/// Seccomp and AppArmor set by the annotations that securityContext fields replaced. Whether the annotations pass
/// Pod Security Standards is judged by the PSS controls, version by version; this check says that the annotation
/// itself is outdated for the Kubernetes version scanned for, and where the kubelet no longer applies it at all.
/// </summary>
public sealed class DeprecatedSecurityAnnotationCheck : WorkloadCheck
{
    private const string SeccompPod = PodSecurity.Controls.SeccompBaselineControl.PodAnnotation;
    private const string SeccompContainer = PodSecurity.Controls.SeccompBaselineControl.ContainerAnnotationPrefix;
    private const string AppArmorContainer = PodSecurity.Controls.AppArmorControl.AnnotationPrefix;

    // seccompProfile fields: v1.19 (GA); the kubelet stopped applying the annotations in v1.27.
    // appArmorProfile fields: v1.30 (GA); the annotations are still applied, but deprecated.
    private static readonly PssVersion SeccompFields = new(19);
    private static readonly PssVersion SeccompIgnored = new(27);
    private static readonly PssVersion AppArmorFields = new(30);

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.deprecated-security-annotation"),
        Title = "Seccomp or AppArmor set by a deprecated annotation",
        Severity = Severity.Low,
        Description = "The seccomp annotations were replaced by securityContext.seccompProfile in v1.19 and are ignored by the kubelet since v1.27, so the profile they name is not applied; the AppArmor annotations were replaced by securityContext.appArmorProfile in v1.30.",
        Remediation = "Move the profile to securityContext.seccompProfile / securityContext.appArmorProfile (type RuntimeDefault or Localhost) and remove the annotation.",
        Mitre = CheckInfo.Techniques("T1611", "T1562.001"),
        Frameworks = [FrameworkRef.Nsa("Pod security: kernel hardening")],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        var version = context.PodSecurityVersion;
        foreach (var entry in workload.Pod.Annotations?.Entries ?? [])
        {
            var key = entry.Key.Value;
            var value = (entry.Value as YamlScalar)?.Value ?? "";
            var container = key.StartsWith(SeccompContainer, StringComparison.Ordinal) ? key[SeccompContainer.Length..]
                : key.StartsWith(AppArmorContainer, StringComparison.Ordinal) ? key[AppArmorContainer.Length..] : null;
            if ((key == SeccompPod || key.StartsWith(SeccompContainer, StringComparison.Ordinal)) && version >= SeccompFields)
            {
                var effect = version >= SeccompIgnored
                    ? $"the kubelet ignores it since v1.27, so '{value}' is not applied"
                    : "deprecated since v1.19";
                yield return new CheckHit(entry.Value, $"seccomp annotation '{key}' on {workload.Object.Kind} '{workload.Object.Name}': {effect}; use securityContext.seccompProfile",
                    $"{key}: {value}", container);
            }
            else if (key.StartsWith(AppArmorContainer, StringComparison.Ordinal) && version >= AppArmorFields)
            {
                yield return new CheckHit(entry.Value, $"AppArmor annotation '{key}' on {workload.Object.Kind} '{workload.Object.Name}': deprecated since v1.30; use securityContext.appArmorProfile",
                    $"{key}: {value}", container);
            }
        }
    }
}
