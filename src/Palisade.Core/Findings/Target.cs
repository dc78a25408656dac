namespace Palisade.Core.Findings;

public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Line <= 0 ? File : Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}

public sealed record ResourceRef(string Kind, string? Namespace, string Name)
{
    public override string ToString() => Namespace is null ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}

/// <summary>Where a finding is: a place in a file, a Kubernetes object (and container), or both.</summary>
public sealed record Target(SourceLocation? Location, ResourceRef? Resource, string? Container = null)
{
    /// <summary>For image findings: the layer (diff id or archive member) that added the file.</summary>
    public string? Layer { get; init; }
}
