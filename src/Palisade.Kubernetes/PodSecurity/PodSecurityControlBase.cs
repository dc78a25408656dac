using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.PodSecurity;

/// <summary>Shared plumbing of the controls: the pod-level and per-container security context lookups they all make.</summary>
public abstract class PodSecurityControlBase : IPodSecurityControl
{
    public abstract string ControlId { get; }
    public abstract PssLevel Level { get; }
    public abstract CheckInfo Info { get; }
    public abstract IReadOnlyList<PssRule> Rules { get; }

    protected static CheckHit Hit(YamlNode? node, string message, string? evidence = null, Container? container = null) =>
        new(node, message, evidence, container?.Name);

    protected static FrameworkRef Pss(PssLevel level, string control) => FrameworkRef.Pss(level.Slug(), control);

    /// <summary>Pod-level then container-level security-context mappings holding <paramref name="field"/>.</summary>
    protected static IEnumerable<(YamlMapping Value, Container? Container)> SecurityContextMaps(PodView pod, string field)
    {
        if (pod.SecurityContext?.Map(field) is { } podValue)
        {
            yield return (podValue, null);
        }
        foreach (var container in pod.AllContainers())
        {
            if (container.SecurityContext?.Map(field) is { } value)
            {
                yield return (value, container);
            }
        }
    }

    protected static string Owner(Container? container) => container?.Describe() ?? "the pod";
}
