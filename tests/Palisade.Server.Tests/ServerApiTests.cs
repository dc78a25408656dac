using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Palisade.TestSupport;

namespace Palisade.Server.Tests;

/// <summary>The API over real HTTP on both databases: submit, poll, reports, images, findings, errors as problem details.</summary>
[Collection("server")]
public sealed class ServerApiTests(PostgresServer postgres)
{
    private const string AlpineId = "sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_uploaded_SBOM_is_scanned_and_its_report_image_and_findings_are_served(string kind)
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync(ServerHarness.DatabaseFor(kind, postgres, root), root, null, "secdb-openssl.yaml");

        var id = await server.SubmitSbomAsync("alpine-311.cdx.json");
        using var status = await server.WaitAsync(id);
        var scan = status.RootElement;
        Assert.Equal("done", scan.GetProperty("status").GetString());
        Assert.Equal("ci", scan.GetProperty("submittedBy").GetString());
        Assert.Equal(AlpineId, scan.GetProperty("imageDigest").GetString());
        Assert.Equal(2, scan.GetProperty("summary").GetProperty("medium").GetInt32());
        var report = scan.GetProperty("report");
        Assert.Equal(1, report.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(["libcrypto1.1 CVE-2019-1551", "libssl1.1 CVE-2019-1551"],
            report.GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("vulnerability").GetProperty("package").GetString()} {f.GetProperty("vulnerability").GetProperty("id").GetString()}").Order());

        foreach (var (format, type, marker) in new[] { ("sarif", "application/sarif+json", "\"2.1.0\""), ("junit", "application/xml", "<testsuites"), ("cyclonedx", "application/vnd.cyclonedx+json", "\"CycloneDX\""), ("spdx", "application/spdx+json", "SPDX-2.3") })
        {
            using var response = await server.Reader.GetAsync($"/api/v1/scans/{id}/report?format={format}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(marker, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var image = JsonDocument.Parse(await server.Reader.GetStringAsync($"/api/v1/images/{AlpineId}"));
        Assert.Equal("alpine:3.11", image.RootElement.GetProperty("reference").GetString());
        Assert.Equal(14, image.RootElement.GetProperty("inventory").GetProperty("components").GetArrayLength());
        Assert.Equal(2, image.RootElement.GetProperty("vulnerabilities").GetArrayLength());

        // Paging: one finding per page, the cursor leads to the next, the last page has none.
        var seen = new List<string>();
        string? next = null;
        do
        {
            using var page = JsonDocument.Parse(await server.Reader.GetStringAsync($"/api/v1/findings?severity=medium&limit=1{(next is null ? "" : "&after=" + next)}"));
            seen.AddRange(page.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("finding").GetProperty("vulnerability").GetProperty("package").GetString()!));
            next = page.RootElement.TryGetProperty("next", out var cursor) ? cursor.GetString() : null;
        }
        while (next is not null);
        Assert.Equal(["libcrypto1.1", "libssl1.1"], seen.Order());
        using var none = JsonDocument.Parse(await server.Reader.GetStringAsync("/api/v1/findings?severity=critical"));
        Assert.Empty(none.RootElement.GetProperty("findings").EnumerateArray());
        using var byImage = JsonDocument.Parse(await server.Reader.GetStringAsync($"/api/v1/findings?image={AlpineId}&check=vuln.cve-2019-1551"));
        Assert.Equal(2, byImage.RootElement.GetProperty("findings").GetArrayLength());
        using var sinceBefore = JsonDocument.Parse(await server.Reader.GetStringAsync("/api/v1/findings?since=2020-01-01T00:00:00+00:00"));
        Assert.Equal(2, sinceBefore.RootElement.GetProperty("findings").GetArrayLength());
        using var sinceAfter = JsonDocument.Parse(await server.Reader.GetStringAsync($"/api/v1/findings?since={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}"));
        Assert.Empty(sinceAfter.RootElement.GetProperty("findings").EnumerateArray());

        var metrics = await server.Reader.GetStringAsync("/metrics");
        Assert.Contains("palisade_scans_finished_total{kind=\"sbom\",outcome=\"done\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("palisade_findings{severity=\"medium\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("palisade_images 1", metrics, StringComparison.Ordinal);
        Assert.Contains("palisade_queue_depth 0", metrics, StringComparison.Ordinal);
        Assert.Matches(@"palisade_vulnerability_db_age_seconds \d+\n", metrics);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Paths_are_read_only_under_the_allowed_directories(string kind)
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync(ServerHarness.DatabaseFor(kind, postgres, root), root, null, "secdb-openssl.yaml");
        var manifest = Path.Combine(server.AllowedDirectory, "pod.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n");
        File.CreateSymbolicLink(Path.Combine(server.AllowedDirectory, "escape"), "/etc");

        using var accepted = await server.SubmitAsync("manifests", manifest);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var done = await server.WaitAsync((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Contains(done.RootElement.GetProperty("report").GetProperty("findings").EnumerateArray(), f => f.GetProperty("check").GetString() == "pod.privileged");

        // The same manifest uploaded: reported as "upload", never as the server's temporary path.
        using var uploaded = await server.Client.PostAsync("/api/v1/scans?kind=manifests", new StringContent(await File.ReadAllTextAsync(manifest)));
        using (var done2 = await server.WaitAsync((await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!))
        {
            var privileged = done2.RootElement.GetProperty("report").GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("check").GetString() == "pod.privileged");
            Assert.Equal("upload", privileged.GetProperty("target").GetProperty("file").GetString());
        }

        // An SBOM named by its path under an allowed directory.
        var sbom = Path.Combine(server.AllowedDirectory, "alpine.cdx.json");
        File.Copy(ServerHarness.Fixture("alpine-311.cdx.json"), sbom);
        using var bySbomPath = await server.SubmitAsync("sbom", sbom);
        using (var sbomDone = await server.WaitAsync((await bySbomPath.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!))
        {
            Assert.Equal(2, sbomDone.RootElement.GetProperty("summary").GetProperty("medium").GetInt32());
        }

        foreach (var outside in new[] { "/etc/passwd", Path.Combine(server.AllowedDirectory, "..", "tokens"), Path.Combine(server.AllowedDirectory, "escape", "hostname"), "relative.yaml" })
        {
            using var refused = await server.SubmitAsync("manifests", outside);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{outside}: {refused.StatusCode}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task Callers_need_a_token_writes_need_the_write_scope_and_errors_are_problem_details()
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root, o => o with { MaxUploadBytes = 1024 }, "secdb-openssl.yaml");

        Assert.Equal("ok\n", await server.Anonymous.GetStringAsync("/healthz"));
        Assert.Equal("ready\n", await server.Anonymous.GetStringAsync("/readyz"));
        foreach (var path in new[] { "/api/v1/findings", "/metrics", "/openapi/v1.json", "/api/v1/scans/x" })
        {
            using var anonymous = await server.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        using (var forged = new HttpRequestMessage(HttpMethod.Get, "/api/v1/findings"))
        {
            forged.Headers.Authorization = new("Bearer", "pal_not-a-real-token");
            using var response = await server.Anonymous.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        using var readOnly = await server.Reader.PostAsJsonAsync("/api/v1/scans", new { kind = "sbom", target = "/x" });
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        using var problem = JsonDocument.Parse(await readOnly.Content.ReadAsStringAsync());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("'dashboard' has read scope; this needs write", problem.RootElement.GetProperty("detail").GetString());

        using var badKind = await server.SubmitAsync("helm", "/x");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        using var notJson = await server.Client.PostAsync("/api/v1/scans", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var tooLarge = await server.Client.PostAsync("/api/v1/scans?kind=sbom", new ByteArrayContent(new byte[4096]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var unknown = await server.Reader.GetAsync("/api/v1/scans/nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noImage = await server.Reader.GetAsync("/api/v1/images/sha256:00");
        Assert.Equal(HttpStatusCode.NotFound, noImage.StatusCode);
        using var badCursor = await server.Reader.GetAsync("/api/v1/findings?after=@@@");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        using var registry = await server.SubmitAsync("image", "docker.io/library/alpine:3.11");
        Assert.Equal(HttpStatusCode.BadRequest, registry.StatusCode);

        // A malformed SBOM is accepted (it is only read by the worker) and fails with the reason, not a stack trace.
        using var junk = await server.Client.PostAsync("/api/v1/scans?kind=sbom", new StringContent("""{"bomFormat":"CycloneDX","specVersion":"1.1"}"""));
        using var failed = await server.WaitAsync((await junk.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", failed.RootElement.GetProperty("status").GetString());
        Assert.Contains("CycloneDX 1.1 is not supported", failed.RootElement.GetProperty("report").GetProperty("diagnostics")[0].GetProperty("message").GetString(), StringComparison.Ordinal);

        // The token is never in the log, the caller's name is.
        Assert.Contains(" ci POST /api/v1/scans 202 ", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("pal_", server.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("pal_", await File.ReadAllTextAsync(Path.Combine(root, "tokens")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_over_its_rate_is_told_to_slow_down()
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root, o => o with { RequestsPerMinute = 5 });
        var statuses = new List<HttpStatusCode>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 12; i++)
        {
            using var response = await server.Reader.GetAsync("/api/v1/findings");
            statuses.Add(response.StatusCode);
        }
        // The bucket holds 5 and refills one a second: a slow machine may earn a request or two back meanwhile.
        var allowed = statuses.Count(s => s == HttpStatusCode.OK);
        Assert.InRange(allowed, 5, 5 + (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        // Another caller has its own bucket.
        using var other = await server.Client.GetAsync("/api/v1/findings");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_image_archive_and_an_uploaded_cluster_snapshot_are_scanned(string kind)
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync(ServerHarness.DatabaseFor(kind, postgres, root), root, null, "secdb-openssl.yaml");
        var archive = Path.Combine(server.AllowedDirectory, "alpine.tar.gz");
        File.Copy(Path.Combine(RepositoryPaths.Root, "examples", "images", "alpine-3.11.tar.gz"), archive);

        using var accepted = await server.SubmitAsync("image", archive);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using (var image = await server.WaitAsync((await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!))
        {
            var scan = image.RootElement;
            Assert.Equal("done", scan.GetProperty("status").GetString());
            Assert.Equal(AlpineId, scan.GetProperty("imageDigest").GetString());
            Assert.Equal(["image.no-healthcheck", "image.runs-as-root", "vuln.cve-2019-1551", "vuln.cve-2019-1551"],
                scan.GetProperty("report").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("check").GetString()).Order());
        }

        var snapshot = new ZstdSharp.Compressor().Wrap(await File.ReadAllBytesAsync(ServerHarness.Fixture("cluster-snapshot.json"))).ToArray();
        using var upload = await server.Client.PostAsync("/api/v1/scans?kind=cluster-snapshot", new ByteArrayContent(snapshot));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        using var cluster = await server.WaitAsync((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        Assert.Equal("done", cluster.RootElement.GetProperty("status").GetString());
        var checks = cluster.RootElement.GetProperty("report").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("check").GetString()).ToList();
        Assert.NotEmpty(checks);
        Assert.Equal(["upload"], cluster.RootElement.GetProperty("report").GetProperty("scan").GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
    }
}
