using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Manifests.Kustomize;

namespace Palisade.Policy.Tests;

/// <summary>
/// Each Fixtures/admission/&lt;case&gt;/ holds policy.yaml (policies, bindings, custom checks, params) and
/// objects.yaml, whose every object says in its <c>expect.palisade.dev/findings</c> annotation which policy findings
/// it must get ("vap.x", "vap.x:medium", comma-separated; empty for none). The objects are scanned through the real
/// manifest scanner, so streaming, deferral and the ignore annotation are all in play.
/// </summary>
public sealed class AdmissionFixtureTests
{
    private const string Expect = "expect.palisade.dev/findings";
    private const string ExpectMessage = "expect.palisade.dev/message";
    private const string ExpectEvidence = "expect.palisade.dev/evidence";
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Fixtures", "admission");

    public static TheoryData<string> Cases() => [.. Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_object_gets_exactly_the_findings_it_expects(string name)
    {
        var dir = Path.Combine(Root, name);
        var (set, diagnostics) = PolicyLoader.Load([Path.Combine(dir, "policy.yaml")], dir, _ => false);
        Assert.True(diagnostics.All(d => d.Level == DiagnosticLevel.Notice), string.Join("\n", diagnostics.Select(d => $"{d.Source}:{d.Line}: {d.Message}")));
        var objectsFile = Path.Combine(dir, "objects.yaml");
        var objects = new ManifestReader(Core.Yaml.DocumentLimits.Default).Read("objects.yaml", File.ReadAllText(objectsFile)).Objects;
        var expected = objects.ToDictionary(o => o.Ref, o => Parse(o.Annotation(Expect) ?? throw new InvalidOperationException($"{o.Ref} in {name}/objects.yaml has no {Expect} annotation")));
        var request = new ManifestScanRequest([objectsFile], new ManifestScanOptions { Policies = set, WorkingDirectory = dir });
        var output = await new ManifestScanner(new KustomizeRenderer(), () => Stream.Null).ScanAsync(request, NoProgress.Instance, CancellationToken.None);

        var actual = output.Findings.Where(f => f.Check.Id.Value.StartsWith("vap.", StringComparison.Ordinal) || f.Check.Id.Value.StartsWith("custom.", StringComparison.Ordinal))
            .GroupBy(f => f.Target.Resource!).ToDictionary(g => g.Key, g => g.ToList());
        var problems = new List<string>();
        foreach (var (resource, wanted) in expected)
        {
            var got = actual.GetValueOrDefault(resource) ?? [];
            var gotIds = got.Select(f => $"{f.Check.Id.Value}:{f.Severity.ToString().ToLowerInvariant()}").Order().ToList();
            var matches = wanted.Count == got.Count && wanted.All(w => got.Any(f => f.Check.Id.Value == w.Id && (w.Severity is null || f.Severity == w.Severity)));
            if (!matches)
            {
                problems.Add($"{resource.Kind}/{resource.Name}: expected [{string.Join(", ", wanted.Select(w => w.Id + (w.Severity is null ? "" : ":" + w.Severity)))}], got [{string.Join(", ", gotIds)}] {string.Join(" | ", got.Select(f => f.Message))}");
            }
        }
        foreach (var obj in objects)
        {
            var got = actual.GetValueOrDefault(obj.Ref) ?? [];
            if (obj.Annotation(ExpectMessage) is { } message && !got.Any(f => f.Message.Contains(message, StringComparison.Ordinal)))
            {
                problems.Add($"{obj.Kind}/{obj.Name}: no finding's message contains \"{message}\" ({string.Join(" | ", got.Select(f => f.Message))})");
            }
            if (obj.Annotation(ExpectEvidence) is { } evidence && !got.Any(f => f.Evidence?.Contains(evidence, StringComparison.Ordinal) == true))
            {
                problems.Add($"{obj.Kind}/{obj.Name}: no finding's evidence contains \"{evidence}\" ({string.Join(" | ", got.Select(f => f.Evidence))})");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static List<(string Id, Severity? Severity)> Parse(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(item => item.Split(':') is [var id, var severity]
            ? (id, (Severity?)Enum.Parse<Severity>(severity, ignoreCase: true)) : (item, null))];
}
