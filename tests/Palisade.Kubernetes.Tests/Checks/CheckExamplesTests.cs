using Palisade.Core.Yaml;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Tests.Checks;

/// <summary>
/// Every check has Fixtures/Examples/&lt;check-id&gt;.yaml with good: and bad: lists of objects (a List item stands
/// for a set of objects scanned together). Each bad example must raise the check; each good one must not.
/// </summary>
public sealed class CheckExamplesTests
{
    private static readonly string ExamplesDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Examples");

    public static TheoryData<string> CheckIds() => [.. ManifestChecks.Catalog.Select(c => c.Id.Value).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Bad_examples_raise_the_check_and_good_ones_do_not(string checkId)
    {
        var path = Path.Combine(ExamplesDir, checkId + ".yaml");
        Assert.True(File.Exists(path), $"missing examples file Fixtures/Examples/{checkId}.yaml");
        var examples = Load(path);
        var bad = examples.Seq("bad")?.Items ?? [];
        var good = examples.Seq("good")?.Items ?? [];
        Assert.NotEmpty(bad);
        Assert.NotEmpty(good);
        var evaluator = new ManifestEvaluator(new ManifestScanOptions());
        foreach (var example in bad)
        {
            var (findings, _) = evaluator.EvaluateAll(Objects(example, path));
            Assert.True(findings.Any(f => f.Check.Id.Value == checkId), $"bad example at line {example.Start.Line} of {checkId}.yaml did not raise {checkId}");
        }
        foreach (var example in good)
        {
            var (findings, _) = evaluator.EvaluateAll(Objects(example, path));
            var raised = findings.Where(f => f.Check.Id.Value == checkId).Select(f => f.Message).ToList();
            Assert.True(raised.Count == 0, $"good example at line {example.Start.Line} of {checkId}.yaml raised {checkId}: {string.Join("; ", raised)}");
        }
    }

    [Fact]
    public void Every_examples_file_names_an_existing_check()
    {
        var ids = ManifestChecks.Catalog.Select(c => c.Id.Value).ToHashSet();
        var orphans = Directory.EnumerateFiles(ExamplesDir, "*.yaml").Select(Path.GetFileNameWithoutExtension).Where(id => !ids.Contains(id!)).ToList();
        Assert.Empty(orphans);
    }

    private static YamlMapping Load(string path)
    {
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read(File.ReadAllText(path));
        Assert.Empty(outcome.Errors);
        return Assert.IsType<YamlMapping>(Assert.Single(outcome.Documents).Root);
    }

    private static List<KubernetesObject> Objects(YamlNode example, string path)
    {
        var batch = ManifestReader.FromNode(example, path);
        Assert.DoesNotContain(batch.Diagnostics, d => d.Level == Core.Findings.DiagnosticLevel.Error);
        Assert.NotEmpty(batch.Objects);
        return [.. batch.Objects];
    }
}
