using Palisade.Kubernetes.Checks.Network;
using Palisade.Kubernetes.Manifests;
using Palisade.Policy.Cel;

namespace Palisade.Policy.Admission;

/// <summary>
/// A scanned object seen as the API server sees a CREATE of it: its group, version, resource and scope, its namespace
/// (a namespaced object without one lands in "default"), and its labels. The CEL form of the object is made once, on
/// first use.
/// </summary>
public sealed class AdmissionRequest
{
    private object? _celObject;
    private bool _converted;

    public AdmissionRequest(KubernetesObject obj)
    {
        Object = obj;
        Group = obj.Group;
        Version = obj.ApiVersion.Contains('/') ? obj.ApiVersion[(obj.ApiVersion.IndexOf('/') + 1)..] : obj.ApiVersion;
        (Resource, Namespaced) = KindResources.Of(obj.Kind, obj.Namespace is not null);
        Namespace = Namespaced ? obj.Namespace ?? "default" : "";
        Labels = LabelSelector.Labels(obj.Metadata?.Map("labels"));
    }

    public KubernetesObject Object { get; }

    public string Group { get; }

    public string Version { get; }

    public string Resource { get; }

    public bool Namespaced { get; }

    /// <summary>The request's namespace: empty for cluster-scoped objects.</summary>
    public string Namespace { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public object? CelObject
    {
        get
        {
            if (!_converted)
            {
                _celObject = CelConversion.FromYaml(Object.Root);
                _converted = true;
            }
            return _celObject;
        }
    }

    /// <summary>The <c>request</c> variable: an AdmissionRequest as admission policies see it.</summary>
    public CelMap ToCel(string user, IReadOnlyList<string> groups)
    {
        CelMap Map(params (string Key, object? Value)[] entries)
        {
            var map = new CelMap();
            foreach (var (key, value) in entries)
            {
                map.TryAdd(key, value);
            }
            return map;
        }
        var kind = Map(("group", Group), ("version", Version), ("kind", Object.Kind));
        var resource = Map(("group", Group), ("version", Version), ("resource", Resource));
        return Map(
            ("uid", "00000000-0000-0000-0000-000000000000"), ("kind", kind), ("resource", resource), ("subResource", ""),
            ("requestKind", kind), ("requestResource", resource), ("requestSubResource", ""), ("name", Object.Name), ("namespace", Namespace),
            ("operation", "CREATE"), ("userInfo", Map(("username", user), ("groups", groups.Select(g => (object?)g).ToList()))), ("dryRun", false),
            ("options", Map(("apiVersion", "meta.k8s.io/v1"), ("kind", "CreateOptions"))));
    }
}
