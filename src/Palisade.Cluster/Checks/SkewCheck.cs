using Palisade.Cluster.Versions;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>Kubelet and API server versions outside the supported skew.</summary>
public sealed class SkewCheck : IClusterCheck
{
    private const int SupportedKubeletLag = 3;

    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.version.skew", "Kubelet and API server versions outside the supported skew", Severity.Medium,
        "A kubelet may not be newer than the API server nor more than three minor versions older; outside that the combination is untested and unsupported.",
        "Upgrade the lagging nodes (or the control plane first) until every kubelet is within the supported skew.", "T1190");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        if (KubeVersion.Parse(context.Snapshot.Version?.GitVersion) is not { } server)
        {
            yield break;
        }
        foreach (var group in context.KubeletVersions)
        {
            var version = group.Version;
            if (version.Major == server.Major && (version.Minor > server.Minor || server.Minor - version.Minor > SupportedKubeletLag))
            {
                yield return new Finding(Info, group.Target,
                    version.Minor > server.Minor
                        ? $"{group.Who} is newer than the API server ({server.Text}); kubelets must not be newer than the control plane"
                        : $"{group.Who} is {server.Minor - version.Minor} minor versions behind the API server ({server.Text}); at most {SupportedKubeletLag} are supported",
                    $"{version.Text} vs {server.Text}");
            }
        }
    }
}
