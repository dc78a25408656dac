using Palisade.Cluster.Snapshot;
using Palisade.Cluster.Versions;
using ZstdSharp;

namespace Palisade.Cluster.Tests;

/// <summary>Snapshots keep their objects as parsed JSON (format 2) and still read those saved as JSON text (format 1).</summary>
public sealed class SnapshotFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("palisade-snapshot-").FullName;

    [Fact]
    public async Task A_format_1_snapshot_scans_the_same_after_it_is_saved_again_as_format_2()
    {
        var format1 = Path.Combine(_dir, "format1.snapshot");
        await File.WriteAllBytesAsync(format1, new Compressor().Wrap(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "snapshots", "format1.json"))).ToArray());
        var old = await SnapshotFile.ReadAsync(format1, CancellationToken.None);
        var format2 = Path.Combine(_dir, "format2.snapshot");
        await SnapshotFile.WriteAsync(old, format2, CancellationToken.None);
        var again = await SnapshotFile.ReadAsync(format2, CancellationToken.None);

        Assert.Equal(ClusterSnapshot.CurrentFormat, again.Format);
        Assert.All(again.Resources.SelectMany(r => r.Items), item => Assert.Equal(System.Text.Json.JsonValueKind.Object, item.ValueKind));
        var before = await FindingsAsync(old);
        var after = await FindingsAsync(again);
        Assert.NotEmpty(before);
        Assert.Equal(before, after);
    }

    [Fact]
    public void List_items_without_apiVersion_and_kind_take_their_resource_s()
    {
        var item = System.Text.Json.JsonDocument.Parse("""{"metadata":{"name":"web","namespace":"shop"},"spec":{"containers":[{"name":"app","image":"nginx"}]}}""").RootElement;
        var snapshot = new ClusterSnapshot(ClusterSnapshot.CurrentFormat, "https://192.0.2.1", "test", DateTimeOffset.UnixEpoch, null,
            [new ResourceItems("v1/pods", "Pod", [item]) { ApiVersion = "v1" }], [], []);

        var (objects, problems) = ClusterObjects.Parse(snapshot);

        Assert.Empty(problems);
        var pod = Assert.Single(objects);
        Assert.Equal(("v1", "Pod", "shop", "web"), (pod.ApiVersion, pod.Kind, pod.Namespace, pod.Name));
    }

    [Fact]
    public void An_item_that_is_not_an_object_or_repeats_a_key_is_named_and_the_rest_read()
    {
        var items = new[] { "[1,2]", """{"metadata":{"name":"a"},"metadata":{"name":"b"}}""", """{"metadata":{"name":"ok","namespace":"x"}}""" }
            .Select(text => System.Text.Json.JsonDocument.Parse(text).RootElement).ToList();
        var snapshot = new ClusterSnapshot(ClusterSnapshot.CurrentFormat, "https://192.0.2.1", "test", DateTimeOffset.UnixEpoch, null,
            [new ResourceItems("v1/pods", "Pod", items) { ApiVersion = "v1" }], [], []);

        var (objects, problems) = ClusterObjects.Parse(snapshot);

        Assert.Equal("ok", Assert.Single(objects).Name);
        Assert.Equal(["v1/pods: object 1 could not be read (not an object); skipped", "v1/pods: object 2 could not be read (duplicate key 'metadata'); skipped"],
            problems.Select(p => p.ToString()));
    }

    private static async Task<List<string>> FindingsAsync(ClusterSnapshot snapshot)
    {
        var output = await ClusterSnapshotScan.ScanAsync(snapshot, new ClusterScanOptions(new DateOnly(2026, 12, 1), KubernetesReleases.Shipped()), CancellationToken.None);
        return [.. output.Findings.Select(f => $"{f.Check.Id} {f.Target.Resource} {f.Message}").Order(StringComparer.Ordinal)];
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
