using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

public sealed class RbacCommandTests
{
    private static async Task<(string Dir, string Snapshot)> SnapshotAsync()
    {
        using var server = new ReplayApiServer(new RecordedCluster().Handle);
        var dir = CliRunner.TempDirectory();
        await CliRunner.InProcessAsync(dir, "cluster", "snapshot", "--kubeconfig", server.WriteKubeconfig(dir, RecordedCluster.Token), "-o", "c.snapshot");
        return (dir, "c.snapshot");
    }

    [Fact]
    public async Task Who_can_read_secrets_in_a_namespace()
    {
        var (dir, snapshot) = await SnapshotAsync();
        var run = await CliRunner.InProcessAsync(dir, "rbac", "who-can", "get", "secrets", "-n", "team-a", "--snapshot", snapshot);
        Assert.Equal(0, run.ExitCode);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("Group secret-readers", StringComparison.Ordinal) && l.Contains("in team-a", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("User alice", StringComparison.Ordinal) && l.Contains("cluster-wide", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("User dana", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Who_can_with_a_group_qualified_resource()
    {
        var (dir, snapshot) = await SnapshotAsync();
        var run = await CliRunner.InProcessAsync(dir, "rbac", "who-can", "escalate", "clusterroles.rbac.authorization.k8s.io", "--snapshot", snapshot);
        Assert.Contains("User erin", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Can_shows_grants_and_the_path_to_cluster_admin()
    {
        var (dir, snapshot) = await SnapshotAsync();
        var run = await CliRunner.InProcessAsync(dir, "rbac", "can", "User:bob", "--snapshot", snapshot);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("in team-a: ClusterRole pod-creator via RoleBinding/team-a/bob-pods", run.Out, StringComparison.Ordinal);
        Assert.Contains("path to cluster-admin: User bob can create pods in namespace team-a → runs one as ServiceAccount team-a/ci", run.Out, StringComparison.Ordinal);

        var aggregated = await CliRunner.InProcessAsync(dir, "rbac", "can", "system:serviceaccount:monitoring:node-exporter", "--snapshot", snapshot);
        Assert.Contains("get,list,watch pods,nodes", aggregated.Out, StringComparison.Ordinal);
        Assert.Contains("no path to cluster-admin", aggregated.Out, StringComparison.Ordinal);
    }
}
