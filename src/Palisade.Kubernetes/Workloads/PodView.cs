using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Workloads;

/// <summary>
/// A pod's metadata and spec, wherever they live (a Pod, a workload's template, a CronJob's job template).
/// This is exactly what Pod Security Admission evaluates.
/// </summary>
public sealed record PodView(YamlMapping? Metadata, YamlMapping Spec)
{
    private static readonly (string Field, ContainerKind Kind)[] ContainerLists =
    [
        ("containers", ContainerKind.Container),
        ("initContainers", ContainerKind.Init),
        ("ephemeralContainers", ContainerKind.Ephemeral),
    ];

    private Container[]? _containers;

    public YamlMapping? SecurityContext { get; } = Spec.Map("securityContext");

    /// <summary>Regular, init and ephemeral containers, in that order.</summary>
    public IReadOnlyList<Container> AllContainers() => _containers ??= [.. ListContainers()];

    private IEnumerable<Container> ListContainers()
    {
        foreach (var (field, kind) in ContainerLists)
        {
            foreach (var node in Spec.Maps(field))
            {
                yield return new Container(node, node.Str("name") ?? "", kind);
            }
        }
    }

    public IEnumerable<YamlMapping> Volumes => Spec.Maps("volumes");

    public YamlMapping? Annotations { get; } = Metadata?.Map("annotations");

    public bool IsWindows => Spec.Map("os")?.Str("name") == "windows";
}
