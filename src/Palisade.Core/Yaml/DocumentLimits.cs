namespace Palisade.Core.Yaml;

/// <summary>Caps that keep a hostile input from exhausting memory or time.</summary>
public sealed record DocumentLimits
{
    public static DocumentLimits Default { get; } = new();

    public long MaxFileBytes { get; init; } = 8 * 1024 * 1024;
    public int MaxDepth { get; init; } = 100;

    /// <summary>Nodes in one document counting what aliases expand to, so an alias bomb is caught before it is walked.</summary>
    public long MaxExpandedNodes { get; init; } = 1_000_000;

    public int MaxDocuments { get; init; } = 10_000;
}
