using Palisade.Cluster.Rbac;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>Path to cluster-admin.</summary>
public sealed class EscalationPathCheck : IClusterCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("rbac.escalation-path", "Path to cluster-admin", Severity.Critical,
        "Through the permissions it holds (directly or by becoming another identity), this subject can obtain cluster-admin-equivalent power.",
        "Remove the first step of each path: narrow the role, scope it to the namespace and resources needed, or bind it to a different identity.", "T1098.006", "T1078");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        foreach (var (subject, path) in context.Rbac.Paths.Where(p => p.Path.Outcome == EscalationPath.ClusterAdmin))
        {
            yield return new Finding(Info, RbacAnalysis.TargetOf(subject), $"{subject} can reach cluster-admin in {path.Steps.Count} step(s): {path}", path.ToString());
        }
    }
}
