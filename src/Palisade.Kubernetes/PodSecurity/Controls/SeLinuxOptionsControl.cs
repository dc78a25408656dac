using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class SeLinuxOptionsControl : PodSecurityControlBase
{
    private static readonly string[] NamedFields = ["user", "role"];
    private static readonly HashSet<string> TypesV1_0 = ["", "container_t", "container_init_t", "container_kvm_t"];
    private static readonly HashSet<string> TypesV1_31 = [.. TypesV1_0, "container_engine_t"];

    /// <summary>The SELinux types a version allows ("" for unset).</summary>
    public static IReadOnlySet<string> AllowedTypesAt(int minor) => minor >= 31 ? TypesV1_31 : TypesV1_0;

    public override string ControlId => "seLinuxOptions";
    public override PssLevel Level => PssLevel.Baseline;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.selinux-options"),
        Title = "Custom SELinux user, role or type",
        Severity = Severity.Medium,
        Description = "Setting a custom SELinux user or role, or a type outside the container types, can lift SELinux confinement.",
        Remediation = "Leave seLinuxOptions.user and role unset and use type container_t, container_init_t, container_kvm_t or container_engine_t.",
        Mitre = CheckInfo.Techniques("T1611", "T1562.001"),
        Frameworks = [FrameworkRef.Pss("baseline", "seLinuxOptions")],
        Aliases = ["KSV025"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } = [new(0, pod => Evaluate(pod, TypesV1_0)), new(31, pod => Evaluate(pod, TypesV1_31))];

    private static IEnumerable<CheckHit> Evaluate(PodView pod, HashSet<string> allowedTypes)
    {
        foreach (var (options, container) in SecurityContextMaps(pod, "seLinuxOptions"))
        {
            var type = options.Str("type") ?? "";
            if (!allowedTypes.Contains(type))
            {
                yield return Hit(options["type"], $"{Owner(container)} sets SELinux type '{type}'", $"seLinuxOptions.type: {type}", container);
            }
            foreach (var field in NamedFields)
            {
                if (options.Str(field) is { Length: > 0 } value)
                {
                    yield return Hit(options[field], $"{Owner(container)} sets SELinux {field} '{value}'", $"seLinuxOptions.{field}: {value}", container);
                }
            }
        }
    }
}
