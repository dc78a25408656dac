using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

/// <summary>Containers that leave one resource (cpu or memory) out of their requests or limits.</summary>
internal static class ResourceFields
{
    public static IEnumerable<CheckHit> Missing(Workload workload, string section, string resource)
    {
        // Ephemeral containers cannot declare resources.
        foreach (var container in workload.AllContainers().Where(c => c.Kind != ContainerKind.Ephemeral))
        {
            var declared = container.Node.Map("resources")?.Map(section);
            if (declared?.Has(resource) != true)
            {
                yield return new CheckHit(declared ?? container.Node.Map("resources") ?? (Core.Yaml.YamlNode)container.Node,
                    $"{container.Describe()} has no {resource} {section[..^1]}",
                    $"resources.{section}.{resource}: missing", container.Name);
            }
        }
    }
}

/// <summary>A check that one resource is declared in one section (the four are separate, as in Trivy).</summary>
public abstract class ResourceFieldCheck(string section, string resource) : WorkloadCheck
{
    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context) =>
        ResourceFields.Missing(workload, section, resource);
}
