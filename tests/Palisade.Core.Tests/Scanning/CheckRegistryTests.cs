using Palisade.Core.Catalog;
using Palisade.Core.Findings;

namespace Palisade.Core.Tests.Scanning;

public sealed class CheckRegistryTests
{
    private sealed class CountingSource(string kind, params string[] ids) : ICheckSource
    {
        public int Reads { get; private set; }

        public string Kind { get; } = kind;

        public IEnumerable<CheckInfo> Checks()
        {
            Reads++;
            return ids.Select(id => CheckInfo.Define(id, id, Severity.Low, "d", "r", ["T1610"]));
        }
    }

    [Fact]
    public void Sources_are_read_on_first_use_and_a_scan_kind_reads_only_its_own()
    {
        var manifests = new CountingSource("manifests", "pod.a", "pod.b");
        var node = new CountingSource("node", "cis.1");
        var registry = new CheckRegistry([manifests, node]);
        Assert.Equal((0, 0), (manifests.Reads, node.Reads));

        var only = registry.Only("manifests");
        Assert.Equal(2, only.Catalog.All.Count);
        Assert.Equal((1, 0), (manifests.Reads, node.Reads)); // a manifest scan never reads the node benchmarks

        Assert.Equal(3, registry.Catalog.All.Count);
        _ = registry.Catalog;
        Assert.Equal(1, node.Reads); // built once
    }

    [Fact]
    public void One_id_defined_by_two_sources_is_reported()
    {
        var registry = new CheckRegistry([new CountingSource("network", "hunt.x"), new CountingSource("cluster", "hunt.x")]);
        var error = Assert.Throws<InvalidOperationException>(() => registry.Catalog);
        Assert.Contains("hunt.x", error.Message, StringComparison.Ordinal);
    }
}
