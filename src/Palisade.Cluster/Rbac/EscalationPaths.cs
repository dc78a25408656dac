using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster.Rbac;

/// <summary>How a subject reaches cluster-admin-equivalent power (or root on a node), step by step.</summary>
public sealed record EscalationPath(RbacSubject Subject, string Outcome, IReadOnlyList<string> Steps)
{
    public const string ClusterAdmin = "cluster-admin";
    public const string NodeRoot = "node-root";

    public override string ToString() => string.Join(" → ", Steps);
}

/// <summary>
/// Finds escalation paths: powers that amount to cluster-admin by themselves (wildcards, escalate, bind,
/// impersonate, nodes/proxy, approving CSRs, admission webhooks), and pivots from one identity to another (creating
/// pods or workloads that run as a service account, reading its token secret, requesting a token for it, exec into
/// a pod that runs as it), searched breadth-first so each path is the shortest.
/// </summary>
public sealed class EscalationPaths(RbacModel rbac, IReadOnlyList<KubernetesObject> objects)
{
    private const string Rbac = "rbac.authorization.k8s.io";
    private const int MaxDepth = 4;
    private static readonly string[] WriteVerbs = ["create", "update", "patch"];
    private static readonly string[] ReadVerbs = ["get", "list"];
    private static readonly (string Group, string Resource)[] Workloads =
        [("", "pods"), ("apps", "deployments"), ("apps", "daemonsets"), ("apps", "statefulsets"), ("apps", "replicasets"), ("batch", "jobs"), ("batch", "cronjobs"), ("", "replicationcontrollers")];

    private readonly Dictionary<string, List<RbacSubject>> _serviceAccountsByNamespace = rbac.ServiceAccounts.GroupBy(s => s.Namespace ?? "").ToDictionary(g => g.Key, g => g.ToList());
    private readonly Dictionary<string, HashSet<string>> _tokenSecrets = TokenSecrets(objects);
    private readonly Dictionary<string, HashSet<string>> _runningAs = RunningServiceAccounts(objects);
    private readonly HashSet<string> _restrictedNamespaces = PodSecurityEnforced(objects);
    private readonly Dictionary<RbacSubject, string?> _direct = [];

    /// <summary>The power that makes the subject cluster-admin on its own, described; null when it has none.</summary>
    public string? DirectPower(RbacSubject subject)
    {
        if (_direct.TryGetValue(subject, out var known))
        {
            return known;
        }
        string? power = null;
        if (rbac.GrantsOf(subject).Any(g => g.Namespace is null && g.Rules.Any(r => r.Verbs.Contains("*") && r.ApiGroups.Contains("*") && r.Resources.Contains("*") && r.Unrestricted)))
        {
            power = "holds every permission cluster-wide";
        }
        else if (rbac.Can(subject, "escalate", Rbac, "clusterroles", null))
        {
            power = "can escalate cluster roles (add any permission to a role it is bound to)";
        }
        else if (rbac.Can(subject, "bind", Rbac, "clusterroles", null) && rbac.Can(subject, "create", Rbac, "clusterrolebindings", null))
        {
            power = "can bind the cluster-admin role to itself";
        }
        else if (rbac.Can(subject, "impersonate", "", "groups", null) || rbac.Can(subject, "impersonate", "", "users", null))
        {
            power = "can impersonate any user or group, including system:masters";
        }
        else if (rbac.Can(subject, "get", "", "nodes/proxy", null) || rbac.Can(subject, "create", "", "nodes/proxy", null))
        {
            power = "can call every kubelet through nodes/proxy and run commands in any pod";
        }
        else if (rbac.Can(subject, "create", "certificates.k8s.io", "certificatesigningrequests", null)
            && rbac.Can(subject, "update", "certificates.k8s.io", "certificatesigningrequests/approval", null)
            && rbac.Can(subject, "approve", "certificates.k8s.io", "signers", null, unrestricted: false))
        {
            power = "can create and approve a client certificate for system:masters";
        }
        else if (WriteVerbs.Any(v => rbac.Can(subject, v, "admissionregistration.k8s.io", "mutatingwebhookconfigurations", null)))
        {
            power = "can register a mutating admission webhook that sees and rewrites every API request";
        }
        _direct[subject] = power;
        return power;
    }

    /// <summary>The shortest path from the subject to cluster-admin power, and to root on a node, when there is one.</summary>
    public IReadOnlyList<EscalationPath> For(RbacSubject start)
    {
        var paths = new List<EscalationPath>();
        var seen = new HashSet<RbacSubject> { start };
        var queue = new Queue<(RbacSubject Subject, List<string> Steps)>();
        queue.Enqueue((start, []));
        while (queue.Count > 0)
        {
            var (subject, steps) = queue.Dequeue();
            if (DirectPower(subject) is { } power)
            {
                paths.Add(new EscalationPath(start, EscalationPath.ClusterAdmin, [.. steps, $"{subject} {power}"]));
                break;
            }
            if (steps.Count >= MaxDepth)
            {
                continue;
            }
            foreach (var (next, step) in Pivots(subject))
            {
                if (seen.Add(next))
                {
                    queue.Enqueue((next, [.. steps, step]));
                }
            }
        }
        if (NodeEscape(start) is { } escape)
        {
            paths.Add(new EscalationPath(start, EscalationPath.NodeRoot, [escape, "mounts the node's root filesystem with hostPath (or runs privileged): root on that node and every credential on it"]));
        }
        return paths;
    }

    /// <summary>Identities the subject can act as, each with the step that gets it there.</summary>
    private IEnumerable<(RbacSubject Next, string Step)> Pivots(RbacSubject subject)
    {
        foreach (var (group, resource) in Workloads)
        {
            foreach (var scope in rbac.Where(subject, "create", group, resource))
            {
                foreach (var account in AccountsIn(scope))
                {
                    yield return (account, $"{subject} can create {resource} in {Describe(scope, account)} → runs one as {account}");
                }
            }
        }
        foreach (var verb in ReadVerbs)
        {
            foreach (var scope in rbac.Where(subject, verb, "", "secrets"))
            {
                foreach (var account in AccountsIn(scope).Where(a => _tokenSecrets.GetValueOrDefault(a.Namespace ?? "")?.Contains(a.Name) == true))
                {
                    yield return (account, $"{subject} can {verb} secrets in {Describe(scope, account)} → reads the token secret of {account}");
                }
            }
        }
        foreach (var scope in rbac.Where(subject, "create", "", "serviceaccounts/token"))
        {
            foreach (var account in AccountsIn(scope))
            {
                yield return (account, $"{subject} can create serviceaccounts/token in {Describe(scope, account)} → gets a token for {account}");
            }
        }
        foreach (var scope in rbac.Where(subject, "create", "", "pods/exec"))
        {
            foreach (var account in AccountsIn(scope).Where(a => _runningAs.GetValueOrDefault(a.Namespace ?? "")?.Contains(a.Name) == true))
            {
                yield return (account, $"{subject} can exec into pods in {Describe(scope, account)} → a running pod uses {account}");
            }
        }
    }

    private string? NodeEscape(RbacSubject subject)
    {
        foreach (var scope in rbac.Where(subject, "create", "", "pods"))
        {
            var open = scope is null ? rbac.Namespaces.FirstOrDefault(n => !_restrictedNamespaces.Contains(n)) : _restrictedNamespaces.Contains(scope) ? null : scope;
            if (open is not null || (scope is null && rbac.Namespaces.Count == 0))
            {
                return $"{subject} can create pods in {(scope is null ? "every namespace" : $"namespace {scope}")}, where Pod Security admission does not enforce baseline";
            }
        }
        return null;
    }

    private IEnumerable<RbacSubject> AccountsIn(string? scope) =>
        scope is null ? _serviceAccountsByNamespace.Values.SelectMany(a => a) : _serviceAccountsByNamespace.GetValueOrDefault(scope) ?? [];

    private static string Describe(string? scope, RbacSubject account) => scope is null ? $"every namespace (including {account.Namespace})" : $"namespace {scope}";

    private static Dictionary<string, HashSet<string>> TokenSecrets(IEnumerable<KubernetesObject> objects) =>
        objects.Where(o => o.Kind == "Secret" && o.Annotation("kubernetes.io/service-account.name") is not null)
            .GroupBy(o => o.Namespace ?? "")
            .ToDictionary(g => g.Key, g => g.Select(o => o.Annotation("kubernetes.io/service-account.name")!).ToHashSet(StringComparer.Ordinal));

    private static Dictionary<string, HashSet<string>> RunningServiceAccounts(IEnumerable<KubernetesObject> objects) =>
        objects.Where(o => o.Kind == "Pod")
            .GroupBy(o => o.Namespace ?? "")
            .ToDictionary(g => g.Key, g => g.Select(o => o.Root.Map("spec")?.Str("serviceAccountName") ?? "default").ToHashSet(StringComparer.Ordinal));

    private static HashSet<string> PodSecurityEnforced(IEnumerable<KubernetesObject> objects) =>
        [.. objects.Where(o => o.Kind == "Namespace" && o.Metadata?.Map("labels")?.Str("pod-security.kubernetes.io/enforce") is "baseline" or "restricted").Select(o => o.Name)];
}
