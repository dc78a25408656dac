using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity.Controls;

public sealed class CapabilitiesRestrictedControl : PodSecurityControlBase
{
    private const string Baseline = "capabilities_baseline";

    public override string ControlId => "capabilities_restricted";
    public override PssLevel Level => PssLevel.Restricted;

    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.capabilities-drop-all"),
        Title = "Capabilities not dropped",
        Severity = Severity.Low,
        Description = "Restricted containers must drop ALL capabilities and may add back only NET_BIND_SERVICE.",
        Remediation = "Set securityContext.capabilities.drop: [\"ALL\"] and add nothing but NET_BIND_SERVICE.",
        Mitre = CheckInfo.Techniques("T1611"),
        Frameworks = [FrameworkRef.Pss("restricted", "capabilities"), FrameworkRef.Cis("5.2.10")],
        Aliases = ["KSV003", "KSV106", "C-0055"],
    };

    public override IReadOnlyList<PssRule> Rules { get; } =
        [new(22, Evaluate, Baseline), new(25, pod => pod.IsWindows ? [] : Evaluate(pod), Baseline)];

    private static IEnumerable<CheckHit> Evaluate(PodView pod)
    {
        foreach (var container in pod.AllContainers())
        {
            var capabilities = container.SecurityContext?.Map("capabilities");
            if (capabilities is null || !capabilities.Strings("drop").Contains("ALL"))
            {
                yield return Hit(capabilities ?? (YamlNode?)container.SecurityContext ?? container.Node,
                    $"{container.Describe()} does not drop ALL capabilities", "capabilities.drop lacks ALL", container);
            }
            foreach (var added in capabilities?.Seq("add")?.Items.OfType<YamlScalar>() ?? [])
            {
                if (added.Value != "NET_BIND_SERVICE")
                {
                    yield return Hit(added, $"{container.Describe()} adds capability {added.Value}", $"capabilities.add: {added.Value}", container);
                }
            }
        }
    }
}
