using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Manifests;

/// <summary>Maps a node of an object's tree to the place a user should open (the file, or the kustomize source).</summary>
public interface ILocationResolver
{
    SourceLocation Locate(KubernetesObject obj, YamlNode node);
}

/// <summary>One Kubernetes object read from a manifest, with the file it came from.</summary>
public sealed record KubernetesObject(YamlMapping Root, string ApiVersion, string Kind, string Name, string? Namespace, string File)
{
    private Workloads.Workload? _workload;
    private bool _workloadResolved;
    private IReadOnlyList<Checks.Rbac.RbacRule>? _rules;
    private ResourceRef? _ref;

    public ILocationResolver? Resolver { get; init; }

    /// <summary>The pod template view, resolved once: every workload check asks for it.</summary>
    public Workloads.Workload? Workload
    {
        get
        {
            if (!_workloadResolved)
            {
                _workload = Workloads.Workload.Resolve(this);
                _workloadResolved = true;
            }
            return _workload;
        }
    }

    /// <summary>The policy rules of a Role or ClusterRole (empty for anything else), read once.</summary>
    public IReadOnlyList<Checks.Rbac.RbacRule> RbacRules => _rules ??= Checks.Rbac.RbacRule.Read(this);

    public YamlMapping? Metadata => Root.Map("metadata");

    /// <summary>One instance per object: every finding on it shares it.</summary>
    public ResourceRef Ref => _ref ??= new(Kind, Namespace, Name);

    public string Group => ApiVersion.Contains('/') ? ApiVersion[..ApiVersion.IndexOf('/')] : "";

    public SourceLocation Locate(YamlNode? node) =>
        Resolver?.Locate(this, node ?? Root) ?? new SourceLocation(File, (node ?? Root).Start.Line, (node ?? Root).Start.Column);

    public string? Annotation(string key) => Metadata?.Map("annotations")?.Str(key);

    /// <summary>Reads an object from a parsed mapping, or explains why it is not one.</summary>
    public static KubernetesObject? From(YamlMapping root, string file, out string? problem)
    {
        problem = null;
        var kind = root.Str("kind");
        var apiVersion = root.Str("apiVersion");
        if (string.IsNullOrEmpty(kind) || string.IsNullOrEmpty(apiVersion))
        {
            problem = "not a Kubernetes object (no apiVersion and kind)";
            return null;
        }
        var metadata = root.Map("metadata");
        var name = metadata?.Str("name") ?? metadata?.Str("generateName") ?? "";
        return new KubernetesObject(root, apiVersion, kind, name, metadata?.Str("namespace"), file);
    }
}
