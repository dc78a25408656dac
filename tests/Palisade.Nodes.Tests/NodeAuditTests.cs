using Palisade.Core.Findings;
using Palisade.Nodes.Audit;
using Palisade.Nodes.Benchmarks;
using Palisade.Nodes.Components;

namespace Palisade.Nodes.Tests;

public sealed class NodeAuditTests
{
    private static readonly ComponentCatalog Catalog = ComponentCatalog.Load();

    public static TheoryData<string> Versions() => [.. BenchmarkLoader.Versions];

    internal static NodeAuditResult Audit(string fixture, string benchmark = "cis-1.12", string? k8sVersion = null) =>
        new NodeAuditor(Catalog).Audit(new NodeAuditOptions { Root = NodeFixture.Build(fixture), Benchmark = benchmark, KubernetesVersion = k8sVersion });

    private static IEnumerable<Control> Automated(string version, bool needsOwnership) =>
        BenchmarkLoader.Load(version).Controls
            .Where(c => c.Automated && c.Component != "cluster")
            .Where(c => needsOwnership || !c.Audit.Any(a => a.Expect.Op == ExpectOperator.Owner));

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public void Every_automated_control_passes_on_the_hardened_node(string version)
    {
        var result = Audit("hardened", version);
        var byControl = result.Findings.ToDictionary(f => f.Check.Reference(Framework.Cis)!.Control);
        var wrong = Automated(version, NodeFixture.CanChown)
            .Where(c => byControl[c.Id].Status != FindingStatus.Pass)
            .Select(c => $"{c.Id} {byControl[c.Id].Status}: {byControl[c.Id].Message}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Skip.IfNot(NodeFixture.CanChown, "not root: ownership controls were not exercised");
    }

    [SkippableTheory]
    [MemberData(nameof(Versions))]
    public void Every_automated_control_fails_on_the_insecure_node(string version)
    {
        var result = Audit("insecure", version);
        var byControl = result.Findings.ToDictionary(f => f.Check.Reference(Framework.Cis)!.Control);
        var wrong = Automated(version, NodeFixture.CanChown)
            .Where(c => byControl[c.Id].Status != FindingStatus.Fail)
            .Select(c => $"{c.Id} {byControl[c.Id].Status}: {byControl[c.Id].Message}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Skip.IfNot(NodeFixture.CanChown, "not root: ownership controls were not exercised");
    }
}
