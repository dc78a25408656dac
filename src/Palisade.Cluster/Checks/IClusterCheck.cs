using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>A check over a whole cluster (its snapshot, objects and RBAC); one class per check, with its metadata.</summary>
public interface IClusterCheck
{
    CheckInfo Info { get; }

    IEnumerable<Finding> Evaluate(ClusterContext context);
}

internal static class ClusterCheck
{
    public static CheckInfo Define(string id, string title, Severity severity, string description, string remediation, params string[] mitre) =>
        CheckInfo.Define(id, title, severity, description, remediation, mitre);
}
