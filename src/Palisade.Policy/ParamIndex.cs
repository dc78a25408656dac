using Palisade.Kubernetes.Checks.Network;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Admission;
using Palisade.Policy.Cel;

namespace Palisade.Policy;

/// <summary>
/// The objects that may be a policy's params, by kind, indexed by namespace and name (a scan can hold thousands of
/// ConfigMaps), each converted to CEL once. Not thread-safe: <see cref="PolicyScan"/> guards it.
/// </summary>
internal sealed class ParamIndex
{
    private readonly Dictionary<(string ApiVersion, string Kind), Candidates> _byKind = [];

    public void Add(KubernetesObject obj)
    {
        var key = (obj.ApiVersion, obj.Kind);
        if (!_byKind.TryGetValue(key, out var candidates))
        {
            _byKind[key] = candidates = new Candidates();
        }
        candidates.All.Add(obj);
        candidates.ByNamespaceAndName.TryAdd((obj.Namespace ?? "default", obj.Name), obj);
        candidates.ByName.TryAdd(obj.Name, obj);
        candidates.AnyNamespaced |= obj.Namespace is not null;
    }

    /// <summary>Params as the API server finds them: by name or selector, in paramRef.namespace or else the request's namespace when the kind is namespaced.</summary>
    public List<KubernetesObject> Find(ParamKind kind, ParamRef paramRef, AdmissionRequest request)
    {
        if (!_byKind.TryGetValue((kind.ApiVersion, kind.Kind), out var candidates))
        {
            return [];
        }
        var namespaced = KindResources.Of(kind.Kind, candidates.AnyNamespaced).Namespaced;
        var ns = namespaced ? paramRef.Namespace ?? (request.Namespaced ? request.Namespace : null) : null;
        if (paramRef.Name is { } name)
        {
            var found = namespaced
                ? ns is not null && candidates.ByNamespaceAndName.TryGetValue((ns, name), out var inNamespace) ? inNamespace : null
                : candidates.ByName.GetValueOrDefault(name);
            return found is null ? [] : [found];
        }
        return [.. candidates.All
            .Where(c => !namespaced || (c.Namespace ?? "default") == ns)
            .Where(c => LabelSelector.Selects(paramRef.Selector, LabelSelector.Labels(c.Metadata?.Map("labels"))))
            .OrderBy(c => c.Namespace, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)];
    }

    public object? ValueOf(KubernetesObject param)
    {
        var candidates = _byKind[(param.ApiVersion, param.Kind)];
        if (!candidates.Values.TryGetValue(param, out var value))
        {
            candidates.Values[param] = value = CelConversion.FromYaml(param.Root);
        }
        return value;
    }

    private sealed class Candidates
    {
        public List<KubernetesObject> All { get; } = [];

        public Dictionary<(string Namespace, string Name), KubernetesObject> ByNamespaceAndName { get; } = [];

        public Dictionary<string, KubernetesObject> ByName { get; } = new(StringComparer.Ordinal);

        public Dictionary<KubernetesObject, object?> Values { get; } = new(ReferenceEqualityComparer.Instance);

        public bool AnyNamespaced { get; set; }
    }
}
