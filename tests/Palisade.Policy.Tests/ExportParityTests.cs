using Palisade.Core.Yaml;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Export;

namespace Palisade.Policy.Tests;

/// <summary>
/// Every policy <c>policy export-vap</c> writes, read back and evaluated offline, gives the verdict the Palisade check
/// gives on each of that check's good and bad examples (the check examples every manifest check has).
/// </summary>
public sealed class ExportParityTests
{
    private static readonly string ExamplesDir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "CheckExamples");

    public static TheoryData<string> ExportedChecks() =>
        [.. VapExporter.Export(new VapExportOptions()).Policies.Select(p => p.Check.Id.Value)];

    [Theory]
    [MemberData(nameof(ExportedChecks))]
    public void The_exported_policy_agrees_with_the_check_on_its_examples(string checkId)
    {
        var policies = PoliciesFor(new VapExportOptions { Checks = new HashSet<string> { checkId } });
        var path = Path.Combine(ExamplesDir, checkId + ".yaml");
        var examples = (YamlMapping)new YamlTreeReader(DocumentLimits.Default).Read(File.ReadAllText(path)).Documents[0].Root;
        var checkOnly = new ManifestEvaluator(new ManifestScanOptions { OnlyChecks = new HashSet<string> { checkId } });
        var policyOnly = new ManifestEvaluator(new ManifestScanOptions { OnlyChecks = new HashSet<string> { $"vap.palisade.{checkId}" }, Policies = policies });
        var disagreements = new List<string>();
        var count = 0;
        foreach (var (group, expected) in new[] { ("bad", true), ("good", false) })
        {
            foreach (var example in examples.Seq(group)?.Items ?? [])
            {
                count++;
                var objects = ManifestReader.FromNode(example, path).Objects;
                var byCheck = checkOnly.EvaluateAll(objects).Findings.Count > 0;
                var byPolicy = policyOnly.EvaluateAll(objects).Findings;
                Assert.Equal(expected, byCheck);
                if (byCheck != byPolicy.Count > 0)
                {
                    disagreements.Add($"{group} example at line {example.Start.Line}: check {(byCheck ? "fires" : "passes")}, policy {(byPolicy.Count > 0 ? "fires: " + string.Join("; ", byPolicy.Select(f => f.Message)) : "passes")}");
                }
            }
        }
        Assert.True(count > 0, $"no examples for {checkId}");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void Every_manifest_check_is_exported_or_left_out_with_a_reason()
    {
        var (policies, skipped) = VapExporter.Export(new VapExportOptions());
        var covered = policies.Select(p => p.Check.Id.Value).Concat(skipped.Select(s => s.Check)).Order(StringComparer.Ordinal);
        Assert.Equal(ManifestChecks.Catalog.Select(c => c.Id.Value).Order(StringComparer.Ordinal), covered);
        Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.DoesNotContain(skipped, s => s.Reason.Contains("yet", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_level_and_version_exports_policies_that_compile()
    {
        foreach (var level in new[] { Kubernetes.PodSecurity.PssLevel.Baseline, Kubernetes.PodSecurity.PssLevel.Restricted })
        {
            for (var minor = 0; minor <= Kubernetes.PodSecurity.PssVersion.Latest.Minor; minor++)
            {
                var options = new VapExportOptions { Level = level, Version = new(minor), ExcludedNamespaces = ["kube-system"], ValidationActions = ["Deny"] };
                var (policies, _) = VapExporter.Export(options);
                var set = PoliciesFor(options);
                Assert.Equal(policies.Count, set.Policies.Count);
                Assert.Equal(policies.Count, set.Bindings.Count);
            }
        }
    }

    /// <summary>The export written as YAML and read back as a user's --policy file would be.</summary>
    internal static PolicySet PoliciesFor(VapExportOptions options)
    {
        var (policies, _) = VapExporter.Export(options);
        using var text = new StringWriter();
        VapWriter.Write(policies, options, "tests", text);
        var batch = new ManifestReader(DocumentLimits.Default).Read("exported.yaml", text.ToString());
        Assert.DoesNotContain(batch.Diagnostics, d => d.Level == Core.Findings.DiagnosticLevel.Error);
        var (set, problems) = PolicyLoader.FromObjects(batch.Objects, _ => false);
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => $"{p.Location}: {p.Message}")));
        return set;
    }
}
