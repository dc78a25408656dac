using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Checks.Network;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Admission;
using Palisade.Policy.Cel;
using Palisade.Policy.Custom;

namespace Palisade.Policy;

/// <summary>
/// One scan's run of a <see cref="PolicySet"/>. A bound policy is decided as soon as the object is read unless it
/// needs what may come later: the labels or object of a Namespace not seen yet, or params not found yet (or chosen by
/// a selector, which later objects may also match). Only then is the object kept until every input is read.
/// </summary>
internal sealed class PolicyScan(PolicySet set, IAuthorizer? authorizer) : IObjectPolicyScan
{
    private static readonly IReadOnlyList<string> RequestGroups = ["system:authenticated"];
    private readonly object _gate = new();
    private readonly Dictionary<string, KubernetesObject> _namespaces = new(StringComparer.Ordinal);
    private readonly ParamIndex _params = Index(set.ParamObjects);
    private readonly List<(AdmissionRequest Request, IReadOnlyList<string> Ignored, List<BoundPolicy> Waiting)> _deferred = [];
    private readonly CelAuthorizer _authorizer = new(authorizer, PolicySet.RequestUser, RequestGroups, null);
    private readonly bool _collectsParams = set.Bound.Any(b => b.Policy.ParamKind is not null);

    public void Evaluate(KubernetesObject obj, ICollection<PolicyHit> hits)
    {
        var request = new AdmissionRequest(obj);
        lock (_gate)
        {
            if (obj.Kind == "Namespace" && obj.Group.Length == 0)
            {
                _namespaces.TryAdd(obj.Name, obj);
            }
            if (_collectsParams && set.Bound.Any(b => b.Policy.ParamKind is { } pk && pk.Kind == obj.Kind && pk.ApiVersion == obj.ApiVersion))
            {
                _params.Add(obj);
            }
        }
        var state = new RequestState(request, _authorizer);
        List<BoundPolicy>? waiting = null;
        foreach (var bound in set.Bound)
        {
            if (!MayMatch(bound, request))
            {
                continue;
            }
            if (MustWait(bound, request))
            {
                (waiting ??= []).Add(bound);
                continue;
            }
            if (Matches(bound, request, NamespaceLabels(request)))
            {
                EvaluateBound(bound, state, hits);
            }
        }
        foreach (var check in set.Checks)
        {
            EvaluateCheck(check, state, hits);
        }
        if (waiting is not null)
        {
            lock (_gate)
            {
                _deferred.Add((request, IgnoreAnnotation.Read(obj), waiting));
            }
        }
    }

    public IEnumerable<(KubernetesObjectSummary Object, PolicyHit Hit)> Complete()
    {
        var hits = new List<PolicyHit>();
        foreach (var (request, ignored, waiting) in _deferred)
        {
            hits.Clear();
            var state = new RequestState(request, _authorizer);
            foreach (var bound in waiting.Where(b => Matches(b, request, NamespaceLabels(request))))
            {
                EvaluateBound(bound, state, hits);
            }
            foreach (var hit in hits)
            {
                yield return (new KubernetesObjectSummary(request.Object.Ref, request.Object.Locate(hit.Hit.Node), ignored), hit);
            }
        }
    }

    /// <summary>What one object's evaluation shares across policies: the request variable and shareable variables' values.</summary>
    private sealed class RequestState(AdmissionRequest request, CelAuthorizer authorizer)
    {
        private CelMap? _requestValue;
        private CelAuthorizer? _authorizer;
        private Dictionary<string, object?>? _checkActivation;

        public AdmissionRequest Request { get; } = request;

        public Dictionary<string, object?> SharedVariables { get; } = new(StringComparer.Ordinal);

        public CelMap RequestValue => _requestValue ??= Request.ToCel(PolicySet.RequestUser, RequestGroups);

        /// <summary>The authorizer with this request's resource as requestResource.</summary>
        public CelAuthorizer Authorizer => _authorizer ??= authorizer with
        {
            RequestResource = new CelResourceCheck(authorizer, Request.Group, Request.Resource, "", Request.Namespace, Request.Object.Name),
        };

        /// <summary>The variables every policy's activation holds, made only when an expression reads them.</summary>
        public CelLazy LazyRequest => field ??= new CelLazy(() => RequestValue);

        public CelLazy LazyAuthorizer => field ??= new CelLazy(() => Authorizer);

        /// <summary>The namespace object, made when first read (set by the scan, which knows the namespaces).</summary>
        public CelLazy? NamespaceObject { get; set; }

        /// <summary>What every policy without params sees on this object.</summary>
        public Dictionary<string, object?> BaseActivation => field ??= new(StringComparer.Ordinal)
        {
            ["object"] = Request.CelObject,
            ["oldObject"] = null,
            ["request"] = LazyRequest,
            ["params"] = null,
            ["namespaceObject"] = NamespaceObject,
            ["authorizer"] = LazyAuthorizer,
        };

        /// <summary>What custom checks see: the object, the pod spec of any workload kind, and all its containers.</summary>
        public Dictionary<string, object?> CheckActivation => _checkActivation ??= new(StringComparer.Ordinal)
        {
            ["object"] = Request.CelObject,
            ["podSpec"] = Request.Object.Workload is { } workload ? CelConversion.FromYaml(workload.Pod.Spec) : null,
            ["allContainers"] = Request.Object.Workload is { } w ? w.AllContainers().Select(c => CelConversion.FromYaml(c.Node)).ToList() : new List<object?>(),
        };
    }

    /// <summary>The resource rules alone: cheap, and enough to skip most policies for most objects.</summary>
    private static bool MayMatch(BoundPolicy bound, AdmissionRequest request) =>
        Rules(bound.Policy.MatchConstraints, request) && (bound.Binding.MatchResources is null || Rules(bound.Binding.MatchResources, request));

    private static bool Rules(MatchResources match, AdmissionRequest request) =>
        !match.ExcludeResourceRules.Any(r => ResourceMatcher.RuleMatches(r, request, match.Exact))
        && (match.ResourceRules.Count == 0 || match.ResourceRules.Any(r => ResourceMatcher.RuleMatches(r, request, match.Exact)));

    /// <summary>Whether deciding now could differ from deciding after the last input: something it needs may still come.</summary>
    private bool MustWait(BoundPolicy bound, AdmissionRequest request)
    {
        var namespaceUnknown = request.Namespaced && NamespaceOf(request) is null;
        if (namespaceUnknown && (bound.Policy.MatchConstraints.NeedsNamespaceLabels || bound.Binding.MatchResources?.NeedsNamespaceLabels == true || bound.UsesNamespaceObject))
        {
            return true;
        }
        if (bound.Policy.ParamKind is not { } kind || bound.Binding.ParamRef is not { } paramRef)
        {
            return false;
        }
        // A name picks one object, final once found; a selector may pick more from inputs not read yet.
        return paramRef.Name is null || FindParams(kind, paramRef, request).Count == 0;
    }

    private static bool Matches(BoundPolicy bound, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels) =>
        ResourceMatcher.Matches(bound.Policy.MatchConstraints, request, namespaceLabels)
        && (bound.Binding.MatchResources is null || ResourceMatcher.Matches(bound.Binding.MatchResources, request, namespaceLabels));

    private IReadOnlyDictionary<string, string>? NamespaceLabels(AdmissionRequest request) =>
        NamespaceOf(request) is { } ns ? LabelSelector.Labels(ns.Metadata?.Map("labels")) : null;

    private void EvaluateBound(BoundPolicy bound, RequestState state, ICollection<PolicyHit> hits)
    {
        var (policy, binding) = (bound.Policy, bound.Binding);
        var request = state.Request;
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
            lock (_gate)
            {
                paramValues = [.. found.Select(_params.ValueOf)];
            }
        }
        state.NamespaceObject ??= new CelLazy(() => request.Namespaced ? NamespaceValue(request) : null);
        foreach (var param in paramValues)
        {
            var activation = param is null ? state.BaseActivation : new Dictionary<string, object?>(state.BaseActivation) { ["params"] = param };
            var violations = AdmissionEvaluator.Evaluate(policy, activation, state.SharedVariables, activationIsShared: param is null, out var annotations);
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

    private List<KubernetesObject> FindParams(ParamKind kind, ParamRef paramRef, AdmissionRequest request)
    {
        lock (_gate)
        {
            return _params.Find(kind, paramRef, request);
        }
    }

    private static ParamIndex Index(IEnumerable<KubernetesObject> objects)
    {
        var index = new ParamIndex();
        foreach (var obj in objects)
        {
            index.Add(obj);
        }
        return index;
    }

    private KubernetesObject? NamespaceOf(AdmissionRequest request)
    {
        if (!request.Namespaced)
        {
            return null;
        }
        lock (_gate)
        {
            return _namespaces.TryGetValue(request.Namespace, out var ns) ? ns : null;
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
        labels.TryAdd(MatchResources.NamespaceNameLabel, request.Namespace);
        var metadata = new CelMap();
        metadata.TryAdd("name", request.Namespace);
        metadata.TryAdd("labels", labels);
        var synthesized = new CelMap();
        synthesized.TryAdd("apiVersion", "v1");
        synthesized.TryAdd("kind", "Namespace");
        synthesized.TryAdd("metadata", metadata);
        return synthesized;
    }

    private static void EvaluateCheck(CustomCheck check, RequestState state, ICollection<PolicyHit> hits)
    {
        var request = state.Request;
        if (!check.Applies(request.Object.Kind, request.Object.Workload is not null, request.Namespaced ? request.Namespace : null))
        {
            return;
        }
        var activation = state.CheckActivation;
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
