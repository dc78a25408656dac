using Palisade.Core.Findings;

namespace Palisade.Core.Catalog;

/// <summary>One scanner's checks, handed to the <see cref="CheckRegistry"/>; read only when the registry is first used.</summary>
public interface ICheckSource
{
    /// <summary>The scan kind these checks belong to (manifests, node, image, cluster, network, audit…).</summary>
    string Kind { get; }

    IEnumerable<CheckInfo> Checks();
}

/// <summary>A check source over a list or a loader, for scanners whose checks are data or a static list.</summary>
public sealed class CheckSource(string kind, Func<IEnumerable<CheckInfo>> checks) : ICheckSource
{
    public string Kind { get; } = kind;

    public IEnumerable<CheckInfo> Checks() => checks();
}
