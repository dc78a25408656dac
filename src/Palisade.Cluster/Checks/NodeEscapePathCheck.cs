using Palisade.Cluster.Rbac;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>Path to root on a node.</summary>
public sealed class NodeEscapePathCheck : IClusterCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("rbac.node-escape-path", "Path to root on a node", Severity.High,
        "The subject can create pods in a namespace where Pod Security admission does not forbid hostPath, privileged containers or host namespaces, so it can take over a node.",
        "Enforce the baseline (or restricted) Pod Security level on the namespace (pod-security.kubernetes.io/enforce), or remove the permission to create pods.", "T1611", "T1610");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        foreach (var (subject, path) in context.Rbac.Paths.Where(p => p.Path.Outcome != EscalationPath.ClusterAdmin))
        {
            yield return new Finding(Info, RbacAnalysis.TargetOf(subject), $"{subject}: {path}", path.ToString());
        }
    }
}
