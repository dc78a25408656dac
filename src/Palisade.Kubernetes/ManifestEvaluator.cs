using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes;

/// <summary>Runs the selected checks on objects already read, honouring the ignore annotation; no I/O.</summary>
public sealed class ManifestEvaluator(ManifestScanOptions options)
{
    private readonly IReadOnlyList<IManifestCheck> _checks = [.. ManifestChecks.PerObject.Where(c => Selected(c.Info, options))];
    private readonly IReadOnlyList<ICrossObjectCheck> _crossChecks = [.. ManifestChecks.CrossObject.Where(c => Selected(c.Info, options))];

    public IReadOnlyList<(ICrossObjectCheck Check, ICrossObjectAccumulator Accumulator)> StartCrossObjectChecks() =>
        [.. _crossChecks.Select(c => (c, c.CreateAccumulator(options.Context)))];

    /// <summary>Checks each object and lets the cross-object accumulators observe it.</summary>
    public void Evaluate(IEnumerable<KubernetesObject> objects, IReadOnlyList<(ICrossObjectCheck Check, ICrossObjectAccumulator Accumulator)> accumulators, List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        foreach (var obj in objects)
        {
            var ignored = IgnoreAnnotation.Read(obj);
            foreach (var check in _checks)
            {
                foreach (var hit in check.Evaluate(obj, options.Context))
                {
                    AddOrSuppress(new Finding(check.Info, new Target(obj.Locate(hit.Node), obj.Ref, hit.Container), hit.Message, hit.Evidence), ignored, findings, suppressed);
                }
            }
            foreach (var (_, accumulator) in accumulators)
            {
                lock (accumulator)
                {
                    accumulator.Observe(obj);
                }
            }
        }
    }

    public static void Complete(IReadOnlyList<(ICrossObjectCheck Check, ICrossObjectAccumulator Accumulator)> accumulators, List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        foreach (var (check, accumulator) in accumulators)
        {
            foreach (var (summary, hit) in accumulator.Complete())
            {
                AddOrSuppress(new Finding(check.Info, new Target(summary.Location, summary.Resource, hit.Container), hit.Message, hit.Evidence), summary.IgnoredChecks, findings, suppressed);
            }
        }
    }

    /// <summary>Every check, per-object and cross-object, over one in-memory set of objects.</summary>
    public (List<Finding> Findings, List<SuppressedFinding> Suppressed) EvaluateAll(IReadOnlyList<KubernetesObject> objects)
    {
        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        var accumulators = StartCrossObjectChecks();
        Evaluate(objects, accumulators, findings, suppressed);
        Complete(accumulators, findings, suppressed);
        return (findings, suppressed);
    }

    private static void AddOrSuppress(Finding finding, IReadOnlyList<string> ignored, List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        var id = finding.Check.Id.Value;
        if (ignored.Any(i => i == id || finding.Check.Aliases.Contains(i, StringComparer.OrdinalIgnoreCase)))
        {
            suppressed.Add(new SuppressedFinding(finding, $"annotation {IgnoreAnnotation.Key}", finding.Target.Location?.ToString() ?? ""));
        }
        else
        {
            findings.Add(finding);
        }
    }

    private static bool Selected(CheckInfo info, ManifestScanOptions options)
    {
        bool Named(IReadOnlySet<string> set) => set.Contains(info.Id.Value) || info.Aliases.Any(set.Contains);
        return (options.OnlyChecks.Count == 0 || Named(options.OnlyChecks)) && !Named(options.SkipChecks);
    }
}
