using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Nodes.Benchmarks;

/// <summary>The node checks for the catalogue: every control of every benchmark, described by its newest version.</summary>
public static class NodeChecks
{
    public static IEnumerable<CheckInfo> Catalog() =>
        BenchmarkLoader.Versions.Reverse()
            .SelectMany(v => BenchmarkLoader.Load(v).Controls.Select(c => c.Check))
            .DistinctBy(c => c.Id);

    /// <summary>Every benchmark file is parsed only when the registry is first used.</summary>
    public static ICheckSource Source { get; } = new CheckSource("node", Catalog);
}
