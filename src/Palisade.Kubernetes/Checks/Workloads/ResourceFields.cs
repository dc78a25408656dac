using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

/// <summary>Which of cpu and memory a container leaves out of its requests or limits.</summary>
internal static class ResourceFields
{
    private static readonly string[] Resources = ["cpu", "memory"];

    public static IEnumerable<CheckHit> Missing(Workload workload, string section, CheckInfo info)
    {
        // Ephemeral containers cannot declare resources.
        foreach (var container in workload.AllContainers().Where(c => c.Kind != ContainerKind.Ephemeral))
        {
            var declared = container.Node.Map("resources")?.Map(section);
            var missing = Resources.Where(r => declared?.Has(r) != true).ToList();
            if (missing.Count > 0)
            {
                yield return new CheckHit(declared ?? container.Node.Map("resources") ?? (Core.Yaml.YamlNode)container.Node,
                    $"{container.Describe()} has no {string.Join(" or ", missing)} {section[..^1]}",
                    $"resources.{section}: missing {string.Join(", ", missing)}", container.Name);
            }
        }
    }
}
