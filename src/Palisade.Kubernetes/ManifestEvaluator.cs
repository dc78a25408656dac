using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes;

/// <summary>Runs the selected checks on objects already read, honouring the ignore annotation; no I/O.</summary>
public sealed class ManifestEvaluator(ManifestScanOptions options)
{
    private readonly IReadOnlyList<IManifestCheck> _checks = [.. ManifestChecks.PerObject.Where(c => Selected(c.Info, options))];
    private readonly IReadOnlyList<ICrossObjectCheck> _crossChecks = [.. ManifestChecks.CrossObject.Where(c => Selected(c.Info, options))];

    /// <summary>One scan's state: the cross-object accumulators and the user policies' evaluation.</summary>
    public ManifestEvaluation Start() =>
        new([.. _crossChecks.Select(c => (c, c.CreateAccumulator(options.Context)))], options.Policies?.Start(options.Context, options.Authorizer));

    /// <summary>Checks each object, runs the user policies on it and lets the cross-object accumulators observe it.</summary>
    public void Evaluate(IEnumerable<KubernetesObject> objects, ManifestEvaluation evaluation, List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        var policyHits = new List<PolicyHit>();
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
            EvaluatePolicies(obj, evaluation, ignored, policyHits, findings, suppressed, options);
            foreach (var (_, accumulator) in evaluation.Accumulators)
            {
                lock (accumulator)
                {
                    accumulator.Observe(obj);
                }
            }
        }
    }

    /// <summary>Only the user policies: for objects the checks skip but an admission policy would see (a Deployment's pods on a live cluster).</summary>
    public void EvaluatePoliciesOnly(IEnumerable<KubernetesObject> objects, ManifestEvaluation evaluation, List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        var policyHits = new List<PolicyHit>();
        foreach (var obj in objects)
        {
            EvaluatePolicies(obj, evaluation, IgnoreAnnotation.Read(obj), policyHits, findings, suppressed, options);
        }
    }

    private static void EvaluatePolicies(KubernetesObject obj, ManifestEvaluation evaluation, IReadOnlyList<string> ignored, List<PolicyHit> hits, List<Finding> findings, List<SuppressedFinding> suppressed, ManifestScanOptions options)
    {
        if (evaluation.Policies is null)
        {
            return;
        }
        hits.Clear();
        evaluation.Policies.Evaluate(obj, hits);
        foreach (var (info, hit) in hits.Where(h => Selected(h.Check, options)))
        {
            AddOrSuppress(new Finding(info, new Target(obj.Locate(hit.Node), obj.Ref, hit.Container), hit.Message, hit.Evidence), ignored, findings, suppressed);
        }
    }

    public void Complete(ManifestEvaluation evaluation, List<Finding> findings, List<SuppressedFinding> suppressed)
    {
        foreach (var (check, accumulator) in evaluation.Accumulators)
        {
            foreach (var (summary, hit) in accumulator.Complete())
            {
                AddOrSuppress(new Finding(check.Info, new Target(summary.Location, summary.Resource, hit.Container), hit.Message, hit.Evidence), summary.IgnoredChecks, findings, suppressed);
            }
        }
        foreach (var (summary, (info, hit)) in (evaluation.Policies?.Complete() ?? []).Where(h => Selected(h.Hit.Check, options)))
        {
            AddOrSuppress(new Finding(info, new Target(summary.Location, summary.Resource, hit.Container), hit.Message, hit.Evidence), summary.IgnoredChecks, findings, suppressed);
        }
    }

    /// <summary>Every check, per-object and cross-object, over one in-memory set of objects.</summary>
    public (List<Finding> Findings, List<SuppressedFinding> Suppressed) EvaluateAll(IReadOnlyList<KubernetesObject> objects, IReadOnlyList<KubernetesObject>? policyOnlyObjects = null)
    {
        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        var evaluation = Start();
        Evaluate(objects, evaluation, findings, suppressed);
        EvaluatePoliciesOnly(policyOnlyObjects ?? [], evaluation, findings, suppressed);
        Complete(evaluation, findings, suppressed);
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

/// <summary>What one scan accumulates across objects.</summary>
public sealed record ManifestEvaluation(IReadOnlyList<(ICrossObjectCheck Check, ICrossObjectAccumulator Accumulator)> Accumulators, IObjectPolicyScan? Policies);
