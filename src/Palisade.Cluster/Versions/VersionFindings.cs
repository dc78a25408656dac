using Palisade.Cluster.Checks;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;

namespace Palisade.Cluster.Versions;

/// <summary>
/// The API server's and every kubelet's version through the version advisor: the support calendar and Kubernetes
/// CVEs. Nodes on the same version share one finding, naming them, rather than one finding per node.
/// </summary>
public static class VersionFindings
{
    public static async Task<IReadOnlyList<Finding>> ForAsync(ClusterContext context, KubernetesVersionAdvisor advisor, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var server = KubeVersion.Parse(context.Snapshot.Version?.GitVersion);
        if (server is not null)
        {
            findings.AddRange(await advisor.AdviseAsync(server, "the API server", context.ClusterTarget, KubernetesComponent.ApiServer, cancellationToken).ConfigureAwait(false));
        }
        foreach (var group in context.KubeletVersions)
        {
            var advice = await advisor.AdviseAsync(group.Version, group.Who, group.Target, KubernetesComponent.Kubelet, cancellationToken).ConfigureAwait(false);
            // A kubelet on the API server's release was already judged as the API server's; its own CVEs still count.
            var sameAsServer = server is not null && group.Version.Minor == server.Minor && group.Version.Patch == server.Patch;
            findings.AddRange(advice.Where(f => f.Vulnerability is not null ? !findings.Any(e => e.Check.Id == f.Check.Id && e.Target == f.Target) : !sameAsServer));
        }
        return findings;
    }
}
