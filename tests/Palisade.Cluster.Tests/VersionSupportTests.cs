using Palisade.Cluster.Checks;
using Palisade.Cluster.Snapshot;
using Palisade.Cluster.Versions;
using Palisade.TestSupport;

namespace Palisade.Cluster.Tests;

public sealed class VersionSupportTests
{
    private static ClusterSnapshot Snapshot(string version) =>
        new(ClusterSnapshot.CurrentFormat, "https://example", "test", DateTimeOffset.UnixEpoch, new ServerVersion(version, null), [], [], []);

    private static async Task<List<string>> Checks(string version, DateOnly today) =>
        [.. (await VersionFindings.ForAsync(new ClusterContext(Snapshot(version), []), new KubernetesVersionAdvisor(KubernetesReleases.Shipped(), today, null), CancellationToken.None)).Select(f => $"{f.Check.Id}: {f.Message}")];

    [Fact]
    public async Task A_version_leaving_support_within_60_days_is_warned_about()
    {
        var findings = await Checks("v1.35.8", new DateOnly(2027, 1, 15));
        Assert.Equal(["cluster.version.ends-soon: the API server: Kubernetes 1.35 leaves support on 2027-02-28 (an estimated date), in 44 days"], findings);
    }

    [Fact]
    public async Task A_supported_current_version_gives_nothing()
    {
        Assert.Empty(await Checks("v1.36.4", new DateOnly(2026, 11, 30)));
    }

    [Fact]
    public void Distribution_suffixes_are_understood()
    {
        Assert.Equal((1, 29, 4), (KubeVersion.Parse("v1.29.4+k3s1")!.Major, KubeVersion.Parse("v1.29.4-eks-036c24b")!.Minor, KubeVersion.Parse("v1.29.4-gke.1043002")!.Patch));
        Assert.Null(KubeVersion.Parse("latest"));
    }

    [Fact]
    public void The_three_newest_minors_are_supported_on_a_given_day()
    {
        Assert.Equal([36, 35, 34], KubernetesReleases.Shipped().Supported(new DateOnly(2026, 9, 1)).Select(m => m.Minor));
    }

    [SkippableFact]
    public void The_shipped_calendar_agrees_with_the_upstream_table_and_a_newer_table_loads()
    {
        var upstream = KubernetesReleases.Load(Corpus.Require("kubernetes-releases/k8s-minor-versions.json"));
        foreach (var minor in KubernetesReleases.Shipped().Minors)
        {
            var same = upstream.Find(minor.Minor)!;
            Assert.Equal((minor.Released, minor.EndOfLife, minor.LatestPatch, minor.Estimated), (same.Released, same.EndOfLife, same.LatestPatch, same.Estimated));
        }
    }
}
