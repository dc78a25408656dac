using Palisade.Core.Findings;
using Palisade.Kubernetes.PodSecurity;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks;

/// <summary>
/// Reports one Pod Security Standards control when the scan's level and version put it in force. Unlike admission,
/// which only needs a yes or no, a report keeps the baseline finding (e.g. SYS_ADMIN added, high) even where a
/// restricted control overrides it, and drops the restricted control's duplicate on the same field.
/// </summary>
public sealed class PodSecurityCheck(IPodSecurityControl control) : WorkloadCheck
{
    // Rules resolved for the last version asked; a scan uses one version, so this is computed once. A class, so
    // that threads swap it whole.
    private Resolved _resolved = new(-1, null, []);

    public override CheckInfo Info => control.Info;

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        if (control.Level > context.PodSecurityLevel)
        {
            return [];
        }
        var (_, rule, overridden) = Resolve(context.PodSecurityVersion);
        if (rule is null)
        {
            return [];
        }
        var hits = rule.Evaluate(workload.Pod);
        return overridden.Length == 0 ? hits : WithoutDuplicates(hits, overridden, workload);
    }

    private static IEnumerable<CheckHit> WithoutDuplicates(IEnumerable<CheckHit> hits, PssRule[] overridden, Workload workload)
    {
        HashSet<object?>? coveredElsewhere = null;
        foreach (var hit in hits)
        {
            coveredElsewhere ??= overridden.SelectMany(r => r.Evaluate(workload.Pod)).Select(h => (object?)h.Node).ToHashSet(ReferenceEqualityComparer.Instance);
            if (!coveredElsewhere.Contains(hit.Node))
            {
                yield return hit;
            }
        }
    }

    private Resolved Resolve(PssVersion version)
    {
        var resolved = _resolved;
        if (resolved.Minor != version.Minor)
        {
            var rule = RuleAt(control, version);
            var overridden = rule is null ? [] : PodSecurityControls.All
                .Where(c => rule.Overrides.Contains(c.ControlId))
                .Select(c => RuleAt(c, version))
                .OfType<PssRule>()
                .ToArray();
            _resolved = resolved = new Resolved(version.Minor, rule, overridden);
        }
        return resolved;
    }

    private sealed record Resolved(int Minor, PssRule? Rule, PssRule[] Overridden);

    private static PssRule? RuleAt(IPodSecurityControl control, PssVersion version) =>
        control.Rules.LastOrDefault(r => r.MinimumMinor <= version.Minor);
}
