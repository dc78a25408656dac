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
    public override CheckInfo Info => control.Info;

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        if (control.Level > context.PodSecurityLevel || RuleAt(control, context.PodSecurityVersion) is not { } rule)
        {
            return [];
        }
        var hits = rule.Evaluate(workload.Pod);
        if (rule.Overrides.Length == 0)
        {
            return hits;
        }
        var coveredElsewhere = PodSecurityControls.All
            .Where(c => rule.Overrides.Contains(c.ControlId))
            .Select(c => RuleAt(c, context.PodSecurityVersion))
            .OfType<PssRule>()
            .SelectMany(r => r.Evaluate(workload.Pod))
            .Select(h => h.Node)
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return hits.Where(h => !coveredElsewhere.Contains(h.Node));
    }

    private static PssRule? RuleAt(IPodSecurityControl control, PssVersion version) =>
        control.Rules.LastOrDefault(r => r.MinimumMinor <= version.Minor);
}
