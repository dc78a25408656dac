using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palisade.Server.Storage;
using Palisade.TestSupport;

namespace Palisade.Server.Tests;

/// <summary>The queue in the database: a scan a dead server was running is run again, or failed once it has died too often; load is bounded.</summary>
[Collection("server")]
public sealed class QueueTests(PostgresServer postgres)
{
    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Scans_a_dead_server_was_running_are_run_again_or_failed_with_the_reason(string kind)
    {
        var root = ServerHarness.NewRoot();
        var database = ServerHarness.DatabaseFor(kind, postgres, root);
        await using var server = await ServerHarness.StartAsync(database, root, null, "secdb-openssl.yaml");
        var sbom = await File.ReadAllBytesAsync(ServerHarness.Fixture("alpine-311.cdx.json"));
        await using var db = ServerDatabase.Open(database, root);
        var store = new ScanStore(db, TimeProvider.System);
        await server.Server.StopAsync();

        // What a server killed mid-scan leaves: scans claimed under its name, one of them interrupted twice before.
        var hopeless = await store.SubmitAsync("sbom", null, sbom, "ci", CancellationToken.None);
        for (var attempt = 1; attempt <= ScanStore.MaxAttempts; attempt++)
        {
            var claimed = await store.ClaimAsync("test", TimeSpan.FromMinutes(10), CancellationToken.None);
            Assert.Equal((hopeless, attempt), (claimed!.Id, claimed.Attempts));
            if (attempt < ScanStore.MaxAttempts)
            {
                Assert.Equal(1, await store.RecoverAsync("test", CancellationToken.None));
            }
        }
        var interrupted = await store.SubmitAsync("sbom", null, sbom, "ci", CancellationToken.None);
        Assert.Equal(interrupted, (await store.ClaimAsync("test", TimeSpan.FromMinutes(10), CancellationToken.None))!.Id);
        var queued = await store.SubmitAsync("sbom", null, sbom, "ci", CancellationToken.None);

        await server.RestartAsync();
        using (var done = await server.WaitAsync(interrupted))
        {
            Assert.Equal("done", done.RootElement.GetProperty("status").GetString());
        }
        using (var done = await server.WaitAsync(queued))
        {
            Assert.Equal("done", done.RootElement.GetProperty("status").GetString());
        }
        using var failed = await server.WaitAsync(hopeless);
        Assert.Equal("failed", failed.RootElement.GetProperty("status").GetString());
        Assert.Equal("interrupted 3 times (the server stopped while running it); not retried again", failed.RootElement.GetProperty("error").GetString());
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_hundred_concurrent_submissions_all_finish_and_re_match(string kind)
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync(ServerHarness.DatabaseFor(kind, postgres, root), root, o => o with { Workers = 4 }, "secdb-openssl.yaml");
        var template = await File.ReadAllTextAsync(ServerHarness.Fixture("alpine-311.cdx.json"));
        // Each submission is a different image (its own id), so 200 inventories are stored.
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var sbom = template.Replace("sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72", $"sha256:{i:x64}", StringComparison.Ordinal);
            using var response = await server.Client.PostAsync("/api/v1/scans?kind=sbom", new StringContent(sbom));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }));
        Assert.Equal(200, ids.Distinct().Count());
        foreach (var id in ids)
        {
            using var status = await server.WaitAsync(id);
            Assert.Equal("done", status.RootElement.GetProperty("status").GetString());
        }
        var metrics = await server.Reader.GetStringAsync("/metrics");
        Assert.Contains("palisade_scans_finished_total{kind=\"sbom\",outcome=\"done\"} 200", metrics, StringComparison.Ordinal);
        Assert.Contains("palisade_images 200", metrics, StringComparison.Ordinal);
        Assert.Contains("palisade_queue_depth 0", metrics, StringComparison.Ordinal);

        await ServerHarness.ImportAsync(server.Options.AdvisoryDatabase, "secdb-updated.yaml");
        using var rematch = await server.Client.PostAsync("/api/v1/rematch", null);
        var outcome = await rematch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((200, 400), (outcome.GetProperty("images").GetInt64(), outcome.GetProperty("newVulnerabilities").GetInt64()));
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Many_scans_of_the_same_image_at_once_all_finish_with_one_vulnerability_set(string kind)
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync(ServerHarness.DatabaseFor(kind, postgres, root), root, o => o with { Workers = 4 }, "secdb-openssl.yaml");
        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => server.SubmitSbomAsync("alpine-311.cdx.json")));
        foreach (var id in ids)
        {
            using var status = await server.WaitAsync(id);
            Assert.True(status.RootElement.GetProperty("status").GetString() == "done", status.RootElement.ToString());
        }
        using var image = JsonDocument.Parse(await server.Reader.GetStringAsync("/api/v1/images/sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72"));
        Assert.Equal(2, image.RootElement.GetProperty("vulnerabilities").GetArrayLength());
    }
}
