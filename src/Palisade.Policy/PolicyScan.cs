using Palisade.Core.Findings;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Checks.Network;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Admission;
using Palisade.Policy.Cel;
using Palisade.Policy.Custom;

namespace Palisade.Policy;

/// <summary>
/// One scan's run of a <see cref="PolicySet"/>. Bound policies that need nothing beyond the object are decided as the
/// object is read; those that need params, namespace labels or the namespace object keep the object until every
/// input is read (only objects some such policy's rules select are kept).
/// </summary>
internal sealed class PolicyScan(PolicySet set, IAuthorizer? authorizer) : IObjectPolicyScan
{
    private static readonly IReadOnlyList<string> RequestGroups = ["system:authenticated"];
    private readonly object _gate = new();
    private readonly Dictionary<string, KubernetesObject> _namespaces = new(StringComparer.Ordinal);
    private readonly List<KubernetesObject> _params = [.. set.ParamObjects];
    private readonly List<(AdmissionRequest Request, IReadOnlyList<string> Ignored)> _deferred = [];
    private readonly CelAuthorizer _authorizer = new(authorizer, PolicySet.RequestUser, RequestGroups, null);

    public void Evaluate(KubernetesObject obj, ICollection<PolicyHit> hits)
    {
        var request = new AdmissionRequest(obj);
        var deferred = false;
        lock (_gate)
        {
            if (obj.Kind == "Namespace" && obj.Group.Length == 0)
            {
                _namespaces.TryAdd(obj.Name, obj);
            }
            if (set.Bound.Any(b => b.Policy.ParamKind is { } pk && pk.Kind == obj.Kind && pk.ApiVersion == obj.ApiVersion))
            {
                _params.Add(obj);
            }
        }
        foreach (var bound in set.Bound)
        {
            if (bound.NeedsWholeSet)
            {
                deferred |= MayMatch(bound, request);
                continue;
            }
            if (Matches(bound, request, namespaceLabels: null))
            {
                EvaluateBound(bound, request, hits);
            }
        }
        foreach (var check in set.Checks)
        {
            EvaluateCheck(check, request, hits);
        }
        if (deferred)
        {
            lock (_gate)
            {
                _deferred.Add((request, IgnoreAnnotation.Read(obj)));
            }
        }
    }

    public IEnumerable<(KubernetesObjectSummary Object, PolicyHit Hit)> Complete()
    {
        var hits = new List<PolicyHit>();
        foreach (var (request, ignored) in _deferred)
        {
            hits.Clear();
            var labels = NamespaceOf(request) is { } ns ? LabelSelector.Labels(ns.Metadata?.Map("labels")) : null;
            foreach (var bound in set.Bound.Where(b => b.NeedsWholeSet && Matches(b, request, labels)))
            {
                EvaluateBound(bound, request, hits);
            }
            foreach (var hit in hits)
            {
                yield return (new KubernetesObjectSummary(request.Object.Ref, request.Object.Locate(hit.Hit.Node), ignored), hit);
            }
        }
    }

    /// <summary>The resource rules alone, before namespace labels are known: whether keeping the object for later is worth it.</summary>
    private static bool MayMatch(BoundPolicy bound, AdmissionRequest request) =>
        Rules(bound.Policy.MatchConstraints, request) && (bound.Binding.MatchResources is null || Rules(bound.Binding.MatchResources, request));

    private static bool Rules(MatchResources match, AdmissionRequest request) =>
        !match.ExcludeResourceRules.Any(r => ResourceMatcher.RuleMatches(r, request, match.Exact))
        && (match.ResourceRules.Count == 0 || match.ResourceRules.Any(r => ResourceMatcher.RuleMatches(r, request, match.Exact)));

    private static bool Matches(BoundPolicy bound, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels) =>
        ResourceMatcher.Matches(bound.Policy.MatchConstraints, request, namespaceLabels)
        && (bound.Binding.MatchResources is null || ResourceMatcher.Matches(bound.Binding.MatchResources, request, namespaceLabels));

    private void EvaluateBound(BoundPolicy bound, AdmissionRequest request, ICollection<PolicyHit> hits)
    {
        var (policy, binding) = (bound.Policy, bound.Binding);
        IReadOnlyList<object?> paramValues = [null];
        if (policy.ParamKind is { } paramKind)
        {
            if (binding.ParamRef is not { } paramRef)
            {
                if (policy.FailOnError)
                {
                    hits.Add(Hit(bound, request, $"binding '{binding.Name}' has no paramRef but policy '{policy.Name}' needs params of kind {paramKind.Kind}", null, null));
                }
                return;
            }
            var found = FindParams(paramKind, paramRef, request);
            if (found.Count == 0)
            {
                if (paramRef.DenyWhenNotFound)
                {
                    hits.Add(Hit(bound, request, $"no params found for policy binding '{binding.Name}' with Deny parameterNotFoundAction ({paramKind.Kind} {Describe(paramRef, request)})", null, null));
                }
                return;
            }
            paramValues = [.. found.Select(p => CelConversion.FromYaml(p.Root))];
        }
        var namespaceObject = request.Namespaced ? NamespaceValue(request) : null;
        foreach (var param in paramValues)
        {
            var activation = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["object"] = request.CelObject,
                ["oldObject"] = null,
                ["request"] = request.ToCel(PolicySet.RequestUser, RequestGroups),
                ["params"] = param,
                ["namespaceObject"] = namespaceObject,
                ["authorizer"] = _authorizer with { RequestResource = new CelResourceCheck(_authorizer, request.Group, request.Resource, "", request.Namespace, request.Object.Name) },
            };
            var violations = AdmissionEvaluator.Evaluate(policy, activation, out var annotations);
            foreach (var violation in violations)
            {
                var evidence = $"binding {binding.Name} [{string.Join(", ", binding.ValidationActions)}]; reason {violation.Reason}; expression {violation.Expression.Location}: {violation.Expression.Text.Trim()}"
                    + (annotations.Count > 0 ? "; audit annotations: " + string.Join(", ", annotations.Select(a => $"{policy.Name}/{a.Key}={a.Value}")) : "");
                hits.Add(Hit(bound, request, violation.Message, evidence, violation.FieldPath));
            }
        }
    }

    private static PolicyHit Hit(BoundPolicy bound, AdmissionRequest request, string message, string? evidence, string? fieldPath) =>
        new(bound.Info, new CheckHit(FieldPaths.Find(request.Object.Root, fieldPath), message, evidence));

    private static string Describe(ParamRef paramRef, AdmissionRequest request) =>
        paramRef.Name is not null ? $"named '{paramRef.Name}' in namespace '{paramRef.Namespace ?? request.Namespace}'" : "selected by the binding's selector";

    /// <summary>Params as the API server finds them: by name or selector, in paramRef.namespace or else the request's namespace when the kind is namespaced.</summary>
    private List<KubernetesObject> FindParams(ParamKind kind, ParamRef paramRef, AdmissionRequest request)
    {
        List<KubernetesObject> candidates;
        lock (_gate)
        {
            candidates = [.. _params.Where(p => p.Kind == kind.Kind && p.ApiVersion == kind.ApiVersion)];
        }
        var namespaced = KindResources.Of(kind.Kind, candidates.Any(c => c.Namespace is not null)).Namespaced;
        var ns = namespaced ? paramRef.Namespace ?? (request.Namespaced ? request.Namespace : null) : null;
        return [.. candidates
            .Where(c => !namespaced || (c.Namespace ?? "default") == ns)
            .Where(c => paramRef.Name is not null ? c.Name == paramRef.Name : LabelSelector.Selects(paramRef.Selector, LabelSelector.Labels(c.Metadata?.Map("labels"))))
            .OrderBy(c => c.Namespace, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    private KubernetesObject? NamespaceOf(AdmissionRequest request)
    {
        lock (_gate)
        {
            return request.Namespaced && _namespaces.TryGetValue(request.Namespace, out var ns) ? ns : null;
        }
    }

    /// <summary>The namespace object: the scanned one, or the one the API server would have (only its name label) when the scan has none.</summary>
    private object? NamespaceValue(AdmissionRequest request)
    {
        if (NamespaceOf(request) is { } ns)
        {
            return CelConversion.FromYaml(ns.Root);
        }
        var labels = new CelMap();
        labels.TryAdd("kubernetes.io/metadata.name", request.Namespace);
        var metadata = new CelMap();
        metadata.TryAdd("name", request.Namespace);
        metadata.TryAdd("labels", labels);
        var synthesized = new CelMap();
        synthesized.TryAdd("apiVersion", "v1");
        synthesized.TryAdd("kind", "Namespace");
        synthesized.TryAdd("metadata", metadata);
        return synthesized;
    }

    private static void EvaluateCheck(CustomCheck check, AdmissionRequest request, ICollection<PolicyHit> hits)
    {
        var obj = request.Object;
        var workload = obj.Workload;
        if (!check.Applies(obj.Kind, workload is not null, request.Namespaced ? request.Namespace : null))
        {
            return;
        }
        var activation = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = request.CelObject,
            ["podSpec"] = workload is null ? null : CelConversion.FromYaml(workload.Pod.Spec),
            ["allContainers"] = workload is null ? new List<object?>() : workload.AllContainers().Select(c => CelConversion.FromYaml(c.Node)).ToList(),
        };
        var result = check.Expression.Program.Evaluate(activation, AdmissionEvaluator.CostLimit);
        if (result is true)
        {
            return;
        }
        var message = result is false
            ? (check.MessageExpression?.Program.Evaluate(activation, AdmissionEvaluator.CostLimit) is string text && text.Trim().Length > 0 ? text.Trim() : check.Message ?? check.Info.Title)
            : $"could not be evaluated ({(result is CelError error ? error.Message : "gave " + CelLibrary.TypeOf(result).Name + ", not bool")}): {check.Info.Title}";
        hits.Add(new PolicyHit(check.Info, new CheckHit(null, message, $"expression {check.Expression.Location}: {check.Expression.Text.Trim()}")));
    }
}
