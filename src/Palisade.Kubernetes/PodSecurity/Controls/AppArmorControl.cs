using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class AppArmorControl : PodSecurityControlBase
{
    internal const string AnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    public override string ControlId => "appArmorProfile";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.apparmor-unconfined"),
        Title = "AppArmor disabled",
        Severity = Severity.Medium,
        Description = "An unconfined AppArmor profile removes a kernel-enforced limit on what the container may do.",
        Remediation = "Use the RuntimeDefault or a Localhost AppArmor profile (securityContext.appArmorProfile.type), never Unconfined.",
        Mitre = CheckInfo.Techniques("T1611", "T1562.001"),
        Frameworks = [FrameworkRef.Pss("baseline", "appArmorProfile")],
        Aliases = ["KSV002"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, Evaluate)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod)
    {
        foreach (var (profile, container) in SecurityContextMaps(pod, "appArmorProfile"))
        {
            var type = profile.Str("type") ?? "";
            if (type is not ("RuntimeDefault" or "Localhost"))
            {
                yield return Hit(profile.Entry("type")?.Value ?? profile, $"{Owner(container)} sets AppArmor profile type '{type}'", $"appArmorProfile.type: {type}", container);
            }
        }
        foreach (var entry in pod.Annotations?.Entries ?? [])
        {
            var value = (entry.Value as Core.Yaml.YamlScalar)?.Value ?? "";
            if (entry.Key.Value.StartsWith(AnnotationPrefix, StringComparison.Ordinal)
                && !(value.Length == 0 || value == "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal)))
            {
                yield return Hit(entry.Value, $"annotation sets AppArmor profile '{value}' for container '{entry.Key.Value[AnnotationPrefix.Length..]}'", $"{entry.Key.Value}: {value}");
            }
        }
    }
}
