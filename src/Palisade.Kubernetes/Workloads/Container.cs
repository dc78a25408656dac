using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Workloads;

public enum ContainerKind
{
    Container,
    Init,
    Ephemeral,
}

/// <summary>A container of a pod spec, whichever list it is in.</summary>
public sealed record Container(YamlMapping Node, string Name, ContainerKind Kind)
{
    public YamlMapping? SecurityContext { get; } = Node.Map("securityContext");

    public string? Image { get; } = Node.Str("image");

    public string Describe() => Kind switch
    {
        ContainerKind.Init => $"init container '{Name}'",
        ContainerKind.Ephemeral => $"ephemeral container '{Name}'",
        _ => $"container '{Name}'",
    };
}
