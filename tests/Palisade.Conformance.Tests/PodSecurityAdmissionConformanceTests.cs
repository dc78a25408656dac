using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Kubernetes' own Pod Security Admission fixtures: evaluating each at its level and version must find a violation
/// exactly when the fixture is under fail/.
/// </summary>
public sealed class PodSecurityAdmissionConformanceTests
{
    public const string Root = "pod-security-admission/test/testdata";

    public static TheoryData<string, int> LevelsAndVersions()
    {
        var data = new TheoryData<string, int>();
        foreach (var level in new[] { "baseline", "restricted" })
        {
            for (var minor = 0; minor <= PssVersion.Latest.Minor; minor++)
            {
                data.Add(level, minor);
            }
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(LevelsAndVersions))]
    public void Every_fixture_agrees_with_its_pass_or_fail_folder(string level, int minor)
    {
        var folder = Corpus.Require(Path.Combine(Root, level, $"v1.{minor}"));
        Assert.True(PssLevels.TryParse(level, out var pssLevel));
        var profile = PodSecurityProfile.For(pssLevel, new PssVersion(minor));
        var disagreements = new List<string>();
        var count = 0;
        foreach (var (expectation, file) in Fixtures(folder))
        {
            count++;
            var violations = profile.Evaluate(LoadPod(file));
            var failed = violations.Count > 0;
            if (failed != (expectation == "fail"))
            {
                disagreements.Add($"{expectation}/{Path.GetFileName(file)}: {(failed ? string.Join("; ", violations.Select(v => v.Control.ControlId + ": " + v.Hit.Message)) : "no violation")}");
            }
        }
        Assert.True(count > 0, $"no fixtures in {folder}");
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {count} fixtures disagree:\n" + string.Join("\n", disagreements));
    }

    /// <summary>Every fixture of one level and version, with the folder (pass or fail) that says what admission decides.</summary>
    public static IEnumerable<(string Expectation, string File)> Fixtures(string folder) =>
        from expectation in new[] { "pass", "fail" }
        let dir = Path.Combine(folder, expectation)
        where Directory.Exists(dir)
        from file in Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal)
        select (expectation, file);

    [SkippableFact]
    public void The_corpus_holds_every_fixture()
    {
        var root = Corpus.Require(Root);
        Assert.True(Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories).Count() >= 4537);
    }

    private static PodView LoadPod(string file)
    {
        var outcome = new StructuredText(DocumentLimits.Default).Parse(File.ReadAllText(file), file);
        Assert.Empty(outcome.Errors);
        var root = Assert.IsType<YamlMapping>(Assert.Single(outcome.Documents).Root);
        var obj = KubernetesObject.From(root, file, out var problem) ?? throw new InvalidOperationException(problem);
        return (Workload.From(obj) ?? throw new InvalidOperationException($"{file} is not a pod")).Pod;
    }
}
