using Palisade.Cluster.Snapshot;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Core.Scanning;

namespace Palisade.Cluster.Versions;

/// <summary>
/// The API server's and every kubelet's version against the support calendar (end of life, ending within 60 days,
/// newer patch available), the kubelet/API server skew, and Kubernetes CVEs from the database's OSV records.
/// </summary>
public static class VersionFindings
{
    private const int SupportedKubeletLag = 3;

    public static async Task<IReadOnlyList<Finding>> ForAsync(ClusterSnapshot snapshot, IReadOnlyList<KubernetesObject> objects, KubernetesVersionAdvisor advisor, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var server = KubeVersion.Parse(snapshot.Version?.GitVersion);
        var cluster = new ResourceRef("Cluster", null, snapshot.Context);
        if (server is not null)
        {
            findings.AddRange(await advisor.AdviseAsync(server, "the API server", new Target(null, cluster), KubernetesComponent.ApiServer, cancellationToken).ConfigureAwait(false));
        }
        var nodes = objects.Where(o => o.Kind == "Node")
            .Select(n => (Node: n, Version: KubeVersion.Parse(n.Root.Map("status")?.Map("nodeInfo")?.Str("kubeletVersion"))))
            .Where(n => n.Version is not null).ToList();
        // Nodes on the same version share one finding, naming them, rather than one finding per node.
        foreach (var group in nodes.GroupBy(n => n.Version!.Text))
        {
            var version = group.First().Version!;
            var names = group.Select(n => n.Node.Name).Order(StringComparer.Ordinal).ToList();
            var target = new Target(null, new ResourceRef("Node", null, names.Count == 1 ? names[0] : $"{names[0]} and {names.Count - 1} more"));
            var who = $"kubelet {version.Text} on {(names.Count == 1 ? names[0] : $"{names.Count} nodes ({string.Join(", ", names.Take(5))}{(names.Count > 5 ? ", …" : "")})")}";
            var advice = await advisor.AdviseAsync(version, who, target, KubernetesComponent.Kubelet, cancellationToken).ConfigureAwait(false);
            // A kubelet on the API server's release was already judged as the API server's; its own CVEs still count.
            var sameAsServer = server is not null && version.Minor == server.Minor && version.Patch == server.Patch;
            findings.AddRange(advice.Where(f => f.Vulnerability is not null ? !findings.Any(e => e.Check.Id == f.Check.Id && e.Target == f.Target) : !sameAsServer));
            if (server is not null && version.Major == server.Major && (version.Minor > server.Minor || server.Minor - version.Minor > SupportedKubeletLag))
            {
                findings.Add(new Finding(ClusterChecks.Skew, target,
                    version.Minor > server.Minor
                        ? $"{who} is newer than the API server ({server.Text}); kubelets must not be newer than the control plane"
                        : $"{who} is {server.Minor - version.Minor} minor versions behind the API server ({server.Text}); at most {SupportedKubeletLag} are supported",
                    $"{version.Text} vs {server.Text}"));
            }
        }
        return findings;
    }
}
