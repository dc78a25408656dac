using Palisade.Kubernetes.Checks.Network;

namespace Palisade.Policy.Admission;

/// <summary>
/// Whether a policy's matchConstraints or a binding's matchResources select a request, in the API server's order:
/// namespace selector, object selector, exclusions, then the resource rules (none means all).
/// </summary>
public static class ResourceMatcher
{
    /// <summary>Groups the API server treats as equivalent for a resource under matchPolicy Equivalent.</summary>
    private static readonly (string Resource, string[] Groups)[] Equivalents =
    [
        ("deployments", ["apps", "extensions"]), ("daemonsets", ["apps", "extensions"]), ("replicasets", ["apps", "extensions"]),
        ("ingresses", ["networking.k8s.io", "extensions"]), ("networkpolicies", ["networking.k8s.io", "extensions"]),
    ];

    /// <param name="namespaceLabels">The labels of the request's namespace (null when the scan has no such Namespace object).</param>
    public static bool Matches(MatchResources match, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        if (!NamespaceSelected(match, request, namespaceLabels))
        {
            return false;
        }
        if (!LabelSelector.Selects(match.ObjectSelector, request.Labels))
        {
            return false;
        }
        if (match.ExcludeResourceRules.Any(r => RuleMatches(r, request, match.Exact)))
        {
            return false;
        }
        return match.ResourceRules.Count == 0 || match.ResourceRules.Any(r => RuleMatches(r, request, match.Exact));
    }

    /// <summary>
    /// Cluster-scoped requests are never excluded by a namespace selector, except a Namespace, which is matched by its
    /// own labels. The API server labels every namespace with kubernetes.io/metadata.name.
    /// </summary>
    private static bool NamespaceSelected(MatchResources match, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        if (match.NamespaceSelector is not { Entries.Count: > 0 } || (!request.Namespaced && request.Resource != "namespaces"))
        {
            return true;
        }
        var name = request.Resource == "namespaces" ? request.Object.Name : request.Namespace;
        var labels = new Dictionary<string, string>(request.Resource == "namespaces" ? request.Labels : namespaceLabels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [MatchResources.NamespaceNameLabel] = name,
        };
        return LabelSelector.Selects(match.NamespaceSelector, labels);
    }

    public static bool RuleMatches(ResourceRule rule, AdmissionRequest request, bool exact)
    {
        if (!(rule.Operations.Contains("*") || rule.Operations.Contains("CREATE")))
        {
            return false;
        }
        if (!(rule.Resources.Contains("*") || rule.Resources.Contains("*/*") || rule.Resources.Contains(request.Resource)))
        {
            return false;
        }
        if (rule.Scope == "Cluster" && request.Namespaced || rule.Scope == "Namespaced" && !request.Namespaced)
        {
            return false;
        }
        if (rule.ResourceNames.Count > 0 && !rule.ResourceNames.Contains(request.Object.Name))
        {
            return false;
        }
        var groupMatches = rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(request.Group);
        var versionMatches = rule.ApiVersions.Contains("*") || rule.ApiVersions.Contains(request.Version);
        if (groupMatches && versionMatches)
        {
            return true;
        }
        if (exact)
        {
            return false;
        }
        // Equivalent: the same resource in another version, or in an equivalent group, is converted and matched.
        var groups = Equivalents.FirstOrDefault(e => e.Resource == request.Resource).Groups ?? [request.Group];
        return groups.Contains(request.Group) && groups.Any(g => rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(g));
    }
}
