using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Policy;
using Palisade.Policy.Export;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>
/// The Pod Security controls <c>policy export-vap</c> writes, at every level and version, judged against Kubernetes'
/// own Pod Security Admission fixtures: together they must find a violation exactly when the fixture is under fail/,
/// so a cluster enforcing them refuses what Pod Security Admission refuses.
/// </summary>
public sealed class ExportedPodSecurityConformanceTests
{
    [SkippableTheory]
    [MemberData(nameof(PodSecurityAdmissionConformanceTests.LevelsAndVersions), MemberType = typeof(PodSecurityAdmissionConformanceTests))]
    public void The_exported_policies_refuse_exactly_what_admission_refuses(string level, int minor)
    {
        var folder = Corpus.Require(Path.Combine(PodSecurityAdmissionConformanceTests.Root, level, $"v1.{minor}"));
        Assert.True(PssLevels.TryParse(level, out var pssLevel));
        var version = new PssVersion(minor);
        var controls = PodSecurityControls.All.Where(c => c.Level <= pssLevel && c.Rules.Any(r => r.MinimumMinor <= minor)).Select(c => c.Info.Id.Value);
        var options = new VapExportOptions { Level = pssLevel, Version = version, Checks = controls.ToHashSet(), ValidationActions = ["Deny"] };
        var (policies, _) = VapExporter.Export(options);
        using var text = new StringWriter();
        VapWriter.Write(policies, options, "conformance test", text);
        var (set, problems) = PolicyLoader.FromObjects(new ManifestReader(DocumentLimits.Default).Read("exported.yaml", text.ToString()).Objects, _ => false);
        Assert.Empty(problems);
        var evaluator = new ManifestEvaluator(new ManifestScanOptions { Policies = set, OnlyChecks = policies.Select(p => $"vap.{p.Name}").ToHashSet() });

        var disagreements = new List<string>();
        var count = 0;
        foreach (var (expectation, file) in PodSecurityAdmissionConformanceTests.Fixtures(folder))
        {
            count++;
            var batch = new ManifestReader(DocumentLimits.Default).Read(file, File.ReadAllText(file));
            Assert.DoesNotContain(batch.Diagnostics, d => d.Level == DiagnosticLevel.Error);
            var findings = evaluator.EvaluateAll(batch.Objects).Findings;
            if (findings.Count > 0 != (expectation == "fail"))
            {
                disagreements.Add($"{expectation}/{Path.GetFileName(file)}: {(findings.Count > 0 ? string.Join("; ", findings.Select(f => f.Check.Id.Value)) : "no policy refuses it")}");
            }
        }
        Assert.True(count > 0, $"no fixtures in {folder}");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {count} fixtures disagree:\n" + string.Join("\n", disagreements.Take(40)));
    }
}
