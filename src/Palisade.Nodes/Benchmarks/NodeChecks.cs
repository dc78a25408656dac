using Palisade.Core.Findings;

namespace Palisade.Nodes.Benchmarks;

/// <summary>The node checks for the catalogue: every control of every benchmark, described by its newest version.</summary>
public static class NodeChecks
{
    public static IEnumerable<CheckInfo> Catalog() =>
        BenchmarkLoader.Versions.Reverse()
            .SelectMany(v => BenchmarkLoader.Load(v).Controls.Select(c => c.Check))
            .DistinctBy(c => c.Id);
}
