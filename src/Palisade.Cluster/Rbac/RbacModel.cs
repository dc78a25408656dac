using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster.Rbac;

/// <summary>One rule of a role, as the authorizer reads it (verbs, API groups, resources with subresources, names).</summary>
public sealed record Rule(IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames)
{
    public bool Allows(string verb, string group, string resource) =>
        (Verbs.Contains("*") || Verbs.Contains(verb)) && (ApiGroups.Contains("*") || ApiGroups.Contains(group)) && MatchesResource(resource);

    /// <summary>Whether the rule covers every object of the resource (no resourceNames restriction).</summary>
    public bool Unrestricted => ResourceNames.Count == 0;

    private bool MatchesResource(string resource)
    {
        if (Resources.Contains("*") || Resources.Contains(resource))
        {
            return true;
        }
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && (Resources.Contains(resource[..slash] + "/*") || Resources.Contains("*" + resource[slash..]));
    }

    public static Rule Read(YamlMapping node) =>
        new([.. node.Strings("verbs")], [.. node.Strings("apiGroups")], [.. node.Strings("resources")], [.. node.Strings("resourceNames")]);
}

/// <summary>A user, group or service account as RBAC names them.</summary>
public sealed record RbacSubject(string Kind, string Name, string? Namespace = null)
{
    public override string ToString() => Kind == "ServiceAccount" ? $"ServiceAccount {Namespace}/{Name}" : $"{Kind} {Name}";

    /// <summary>The groups the authenticator puts the subject in, which bindings may name instead of it.</summary>
    public IEnumerable<RbacSubject> ImplicitGroups() => Kind switch
    {
        "ServiceAccount" => [new("Group", "system:serviceaccounts"), new("Group", $"system:serviceaccounts:{Namespace}"), new("Group", "system:authenticated")],
        "User" when Name == "system:anonymous" => [new("Group", "system:unauthenticated")],
        "User" => [new("Group", "system:authenticated")],
        _ => [],
    };

    /// <summary>Parses "User:alice", "Group:devs", "ServiceAccount:ns/name" or "system:serviceaccount:ns:name".</summary>
    public static RbacSubject? Parse(string text)
    {
        if (text.StartsWith("system:serviceaccount:", StringComparison.Ordinal) && text.Split(':') is [_, _, var ns, var name])
        {
            return new("ServiceAccount", name, ns);
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return new("User", text);
        }
        var (kind, rest) = (text[..colon], text[(colon + 1)..]);
        return kind.ToLowerInvariant() switch
        {
            "user" => new("User", rest),
            "group" => new("Group", rest),
            "serviceaccount" or "sa" when rest.Split('/') is [var saNamespace, var saName] => new("ServiceAccount", saName, saNamespace),
            _ => null,
        };
    }
}

/// <summary>Rules a binding grants a subject, and where: one namespace, or the whole cluster.</summary>
public sealed record Grant(RbacSubject Subject, string? Namespace, string RoleKind, string RoleName, IReadOnlyList<Rule> Rules, string Binding);

/// <summary>
/// The RBAC state of a cluster: roles (aggregated cluster roles resolved from their selectors), bindings, and the
/// grants they make. Answers "can this subject do that, where" the way the RBAC authorizer does (allow-only rules).
/// </summary>
public sealed class RbacModel
{
    private readonly Dictionary<RbacSubject, List<Grant>> _grants = [];

    public RbacModel(IEnumerable<KubernetesObject> objects)
    {
        var all = objects.ToList();
        var clusterRoles = all.Where(o => o.Kind == "ClusterRole").ToDictionary(o => o.Name, StringComparer.Ordinal);
        var roles = all.Where(o => o.Kind == "Role").ToDictionary(o => (o.Namespace ?? "", o.Name));
        var clusterRules = clusterRoles.ToDictionary(r => r.Key, r => Aggregate(r.Value, clusterRoles.Values), StringComparer.Ordinal);
        foreach (var binding in all.Where(o => o.Kind is "RoleBinding" or "ClusterRoleBinding"))
        {
            var roleRef = binding.Root.Map("roleRef");
            var (kind, name) = (roleRef?.Str("kind") ?? "", roleRef?.Str("name") ?? "");
            IReadOnlyList<Rule>? rules = kind == "ClusterRole" ? clusterRules.GetValueOrDefault(name)
                : kind == "Role" && binding.Kind == "RoleBinding" && roles.TryGetValue((binding.Namespace ?? "", name), out var role) ? [.. role.Root.Maps("rules").Select(Rule.Read)]
                : null;
            if (rules is null)
            {
                continue; // a binding to a role that does not exist grants nothing
            }
            var scope = binding.Kind == "RoleBinding" ? binding.Namespace : null;
            foreach (var subject in binding.Root.Maps("subjects"))
            {
                var subjectKind = subject.Str("kind") ?? "";
                var rbacSubject = new RbacSubject(subjectKind, subject.Str("name") ?? "", subjectKind == "ServiceAccount" ? subject.Str("namespace") ?? binding.Namespace : null);
                if (!_grants.TryGetValue(rbacSubject, out var list))
                {
                    _grants[rbacSubject] = list = [];
                }
                list.Add(new Grant(rbacSubject, scope, kind, name, rules, $"{binding.Kind}/{(binding.Namespace is null ? "" : binding.Namespace + "/")}{binding.Name}"));
            }
        }
        ServiceAccounts = [.. all.Where(o => o.Kind == "ServiceAccount").Select(o => new RbacSubject("ServiceAccount", o.Name, o.Namespace))];
        Namespaces = [.. all.Where(o => o.Kind == "Namespace").Select(o => o.Name).Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<RbacSubject> ServiceAccounts { get; }

    public IReadOnlyList<string> Namespaces { get; }

    /// <summary>Every subject some binding names, and every service account.</summary>
    public IEnumerable<RbacSubject> Subjects => _grants.Keys.Concat(ServiceAccounts).Distinct();

    /// <summary>The grants that apply to a subject: its own and its groups'.</summary>
    public IEnumerable<Grant> GrantsOf(RbacSubject subject) =>
        subject.ImplicitGroups().Prepend(subject).SelectMany(s => _grants.GetValueOrDefault(s) ?? []);

    /// <summary>Whether the subject may do the verb on the resource in the namespace (null: cluster-wide, i.e. in every namespace).</summary>
    public bool Can(RbacSubject subject, string verb, string group, string resource, string? @namespace, bool unrestricted = true) =>
        Granting(subject, verb, group, resource, @namespace, unrestricted).Any();

    public IEnumerable<Grant> Granting(RbacSubject subject, string verb, string group, string resource, string? @namespace, bool unrestricted = true) =>
        GrantsOf(subject).Where(g => (g.Namespace is null || g.Namespace == @namespace) && g.Rules.Any(r => r.Allows(verb, group, resource) && (!unrestricted || r.Unrestricted)));

    /// <summary>Namespaces where the subject may do it (null in the result means cluster-wide).</summary>
    public IEnumerable<string?> Where(RbacSubject subject, string verb, string group, string resource) =>
        GrantsOf(subject).Where(g => g.Rules.Any(r => r.Allows(verb, group, resource) && r.Unrestricted)).Select(g => g.Namespace).Distinct();

    private static IReadOnlyList<Rule> Aggregate(KubernetesObject role, IEnumerable<KubernetesObject> all)
    {
        var rules = role.Root.Maps("rules").Select(Rule.Read).ToList();
        var selectors = role.Root.Map("aggregationRule")?.Maps("clusterRoleSelectors").ToList() ?? [];
        foreach (var selector in selectors)
        {
            var wanted = selector.Map("matchLabels")?.Entries.ToDictionary(e => e.Key.Value, e => (e.Value as YamlScalar)?.Value ?? "") ?? [];
            foreach (var other in all.Where(o => o.Name != role.Name))
            {
                var labels = other.Metadata?.Map("labels");
                if (wanted.Count > 0 && wanted.All(w => labels?.Str(w.Key) == w.Value))
                {
                    rules.AddRange(other.Root.Maps("rules").Select(Rule.Read));
                }
            }
        }
        return rules;
    }
}
