using System.Text.Json;
using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

/// <summary>
/// Kubernetes CVEs from the official feed's OSV records, matched to the versions the cluster runs: kubelets 1.29.4
/// (fixed in 1.29.7 for CVE-2024-5321) and 1.25.3 (four older kubelet CVEs); the API server 1.29.4 has none in the feed.
/// </summary>
public sealed class KubernetesCveTests
{
    [SkippableFact]
    public async Task The_old_kubelet_has_the_cves_the_feed_lists_for_it()
    {
        var feed = Corpus.Require("kubernetes-cve-feed/vulns");
        using var server = new ReplayApiServer(new RecordedCluster().Handle);
        var dir = CliRunner.TempDirectory();
        var db = Path.Combine(dir, "v.db");
        await CliRunner.InProcessAsync(dir, "db", "import", "--db", db, feed);
        var run = await CliRunner.InProcessAsync(dir, "scan", "cluster", "--kubeconfig", server.WriteKubeconfig(dir, RecordedCluster.Token), "--format", "json", "--db", db);
        using var report = JsonDocument.Parse(run.Out);
        var cves = report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("vulnerability", out _))
            .Select(f => $"{f.GetProperty("target").GetProperty("name").GetString()} {f.GetProperty("vulnerability").GetProperty("id").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["control-plane-1 and 1 more CVE-2024-5321", "worker-2 CVE-2023-2431", "worker-2 CVE-2023-3676", "worker-2 CVE-2023-3955", "worker-2 CVE-2023-5528"], cves);
    }
}
