using Palisade.Core.Findings;
using Palisade.Policy.Admission;

namespace Palisade.Policy.Custom;

/// <summary>
/// A check a user writes in CEL (kind: Check, apiVersion: palisade.dev/v1): what it is, which objects it looks at,
/// and the expression that must hold for an object to pass.
/// </summary>
public sealed record CustomCheck(
    CheckInfo Info,
    IReadOnlySet<string> Kinds,
    IReadOnlySet<string> Namespaces,
    IReadOnlySet<string> ExcludedNamespaces,
    CompiledExpression Expression,
    string? Message,
    CompiledExpression? MessageExpression)
{
    /// <summary>Whether the check looks at this object: its kind ("*" or a name; "workloads" for every kind with a pod template) and namespace.</summary>
    public bool Applies(string kind, bool isWorkload, string? @namespace) =>
        (Kinds.Contains("*") || Kinds.Contains(kind) || (isWorkload && Kinds.Contains("workloads")))
        && (Namespaces.Count == 0 || (@namespace is not null && Namespaces.Contains(@namespace)))
        && !(@namespace is not null && ExcludedNamespaces.Contains(@namespace));
}
