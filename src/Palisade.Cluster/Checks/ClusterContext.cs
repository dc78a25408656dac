using Palisade.Cluster.Rbac;
using Palisade.Cluster.Snapshot;
using Palisade.Cluster.Versions;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster.Checks;

/// <summary>Kubelets on one version: the nodes named once, as a finding's target and in its message.</summary>
public sealed record KubeletVersionGroup(KubeVersion Version, IReadOnlyList<string> Nodes, Target Target, string Who);

/// <summary>What every cluster check reads: the snapshot, its parsed objects, and the analyses several checks share, each computed once.</summary>
public sealed class ClusterContext(ClusterSnapshot snapshot, IReadOnlyList<KubernetesObject> objects)
{
    private readonly Lazy<RbacAnalysis> _rbac = new(() => RbacAnalysis.Of(objects));
    private readonly Lazy<HashSet<string>> _anonymous = new(() => snapshot.Anonymous.Where(a => a.Status == 200).Select(a => a.Path).ToHashSet(StringComparer.Ordinal));
    private readonly Lazy<IReadOnlyList<KubeletVersionGroup>> _kubelets = new(() => KubeletGroups(objects));

    public ClusterSnapshot Snapshot { get; } = snapshot;

    public IReadOnlyList<KubernetesObject> Objects { get; } = objects;

    public Target ClusterTarget { get; } = new(null, new ResourceRef("Cluster", null, snapshot.Context));

    public RbacAnalysis Rbac => _rbac.Value;

    /// <summary>The paths an unauthenticated client got 200 for during collection.</summary>
    public IReadOnlySet<string> AnonymouslyAnswered => _anonymous.Value;

    /// <summary>Kubelet versions, one group per version: nodes on the same version share one finding.</summary>
    public IReadOnlyList<KubeletVersionGroup> KubeletVersions => _kubelets.Value;

    private static List<KubeletVersionGroup> KubeletGroups(IReadOnlyList<KubernetesObject> objects) =>
        [.. objects.Where(o => o.Kind == "Node")
            .Select(n => (Node: n, Version: KubeVersion.Parse(n.Root.Map("status")?.Map("nodeInfo")?.Str("kubeletVersion"))))
            .Where(n => n.Version is not null)
            .GroupBy(n => n.Version!.Text)
            .Select(group =>
            {
                var version = group.First().Version!;
                var names = group.Select(n => n.Node.Name).Order(StringComparer.Ordinal).ToList();
                var target = new Target(null, new ResourceRef("Node", null, names.Count == 1 ? names[0] : $"{names[0]} and {names.Count - 1} more"));
                var who = $"kubelet {version.Text} on {(names.Count == 1 ? names[0] : $"{names.Count} nodes ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")})")}";
                return new KubeletVersionGroup(version, names, target, who);
            })];
}
