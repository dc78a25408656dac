using Palisade.Cluster.Versions;
using Palisade.Core.Findings;

namespace Palisade.Cluster.Checks;

/// <summary>Kubernetes version leaves support within 60 days.</summary>
public sealed class EndsSoonCheck : IVersionCheck
{
    private const int WarningDays = 60;

    public static CheckInfo Info { get; } = ClusterCheck.Define("cluster.version.ends-soon", "Kubernetes version leaves support within 60 days", Severity.Medium,
        "The minor version stops receiving security patches soon.", "Plan the upgrade to the next minor version now.", "T1190");

    CheckInfo IVersionCheck.Info => Info;

    public IEnumerable<VersionHit> Evaluate(KubeVersion version, ReleaseSupport support)
    {
        if (support.Release is { } release && release.EndOfLife >= support.Today && release.EndOfLife.DayNumber - support.Today.DayNumber <= WarningDays)
        {
            yield return new VersionHit(
                $"Kubernetes 1.{release.Minor} leaves support on {release.EndOfLife:yyyy-MM-dd}{support.Estimated}, in {release.EndOfLife.DayNumber - support.Today.DayNumber} days");
        }
    }
}
