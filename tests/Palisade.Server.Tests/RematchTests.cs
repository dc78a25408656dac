using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Palisade.Server.Notifications;
using Palisade.TestSupport;

namespace Palisade.Server.Tests;

/// <summary>
/// Stored inventories are matched again when the advisory database changes, without the images; advisories newly
/// affecting an image reach the webhook signed, once, and survive the webhook being down.
/// </summary>
[Collection("server")]
public sealed class RematchTests(PostgresServer postgres)
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("a-webhook-secret-of-some-length");

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_database_update_notifies_the_new_advisories_once_even_across_a_webhook_outage(string kind)
    {
        var up = false;
        var received = new ConcurrentQueue<(string Body, string? Signature, string? Key, string? Event)>();
        using var webhook = new LoopbackHttpServer(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            if (!Volatile.Read(ref up))
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            }
            received.Enqueue((body, context.Request.Headers["X-Palisade-Signature"], context.Request.Headers["Idempotency-Key"], context.Request.Headers["X-Palisade-Event"]));
            context.Response.StatusCode = 204;
            context.Response.Close();
        });
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync(ServerHarness.DatabaseFor(kind, postgres, root), root,
            o => o with { Notifications = o.Notifications with { Webhook = new WebhookOptions(webhook.Url("/hook"), Secret) } }, "secdb-openssl.yaml");

        using var first = await server.WaitAsync(await server.SubmitSbomAsync("alpine-311.cdx.json"));
        Assert.Equal(2, first.RootElement.GetProperty("summary").GetProperty("medium").GetInt32());

        // The feed is published again with a musl advisory; the image is not touched again, only its stored inventory.
        await ServerHarness.ImportAsync(server.Options.AdvisoryDatabase, "secdb-updated.yaml");
        using var rematch = await server.Client.PostAsync("/api/v1/rematch", null);
        Assert.Equal(HttpStatusCode.OK, rematch.StatusCode);
        var outcome = await rematch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 2), (outcome.GetProperty("images").GetInt64(), outcome.GetProperty("newVulnerabilities").GetInt64()));

        using (var image = JsonDocument.Parse(await server.Reader.GetStringAsync("/api/v1/images/sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72")))
        {
            Assert.Equal(["CVE-2019-1551 libcrypto1.1", "CVE-2019-1551 libssl1.1", "CVE-2020-28928 musl", "CVE-2020-28928 musl-utils"],
                image.RootElement.GetProperty("vulnerabilities").EnumerateArray().Select(v => $"{v.GetProperty("vulnerability").GetProperty("id").GetString()} {v.GetProperty("vulnerability").GetProperty("package").GetString()}").Order());
        }

        // The webhook is down: nothing is lost, the notifications wait in the spool.
        await Task.Delay(600);
        Assert.Empty(received);
        Assert.Contains("palisade_notifications_pending 2", await server.Reader.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Volatile.Write(ref up, true);
        for (var i = 0; i < 100 && received.Count < 2; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(2, received.Count);
        foreach (var (body, signature, key, eventType) in received)
        {
            Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes(body))), signature);
            Assert.Equal("vulnerability.new", eventType);
            using var notification = JsonDocument.Parse(body);
            Assert.Equal(key, notification.RootElement.GetProperty("id").GetString());
            Assert.Equal("sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72", notification.RootElement.GetProperty("image").GetProperty("digest").GetString());
            Assert.Equal("CVE-2020-28928", notification.RootElement.GetProperty("finding").GetProperty("vulnerability").GetProperty("id").GetString());
        }

        // Matching again finds nothing new: no second notification.
        using var again = await server.Client.PostAsync("/api/v1/rematch", null);
        Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("newVulnerabilities").GetInt64());
        await Task.Delay(400);
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task The_server_notices_a_database_update_by_itself()
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root,
            o => o with { RematchInterval = TimeSpan.FromMilliseconds(200) }, "secdb-openssl.yaml");
        await server.WaitAsync(await server.SubmitSbomAsync("alpine-311.cdx.json"));

        await ServerHarness.ImportAsync(server.Options.AdvisoryDatabase, "secdb-updated.yaml");
        for (var i = 0; i < 100; i++)
        {
            using var image = JsonDocument.Parse(await server.Reader.GetStringAsync("/api/v1/images/sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72"));
            if (image.RootElement.GetProperty("vulnerabilities").GetArrayLength() == 4)
            {
                Assert.Contains("2 new vulnerabilities", server.Log, StringComparison.Ordinal);
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("the stored image was not re-matched after the database changed:\n" + server.Log);
    }

    [SkippableFact]
    public async Task Notifications_also_reach_a_real_syslog_receiver()
    {
        using var rsyslog = new RsyslogServer();
        Component.Require(rsyslog.Missing);
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root,
            o => o with { Notifications = o.Notifications with { Syslog = new Audit.Shipping.SyslogOptions("127.0.0.1", rsyslog.Port) } }, "secdb-openssl.yaml");
        await server.WaitAsync(await server.SubmitSbomAsync("alpine-311.cdx.json"));
        await ServerHarness.ImportAsync(server.Options.AdvisoryDatabase, "secdb-updated.yaml");
        using var rematch = await server.Client.PostAsync("/api/v1/rematch", null);

        var lines = rsyslog.Received(2);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Contains("alpine:3.11 (sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72)", line, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("CVE-2020-28928", StringComparison.Ordinal) && line.Contains("musl-utils", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifications_reach_Elasticsearch_once_even_when_it_fails_at_first()
    {
        using var elasticsearch = new FakeElasticsearch { FailFirstRequests = 1 };
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root,
            o => o with { Notifications = o.Notifications with { Elasticsearch = new Audit.Shipping.ElasticsearchOptions(new Uri(elasticsearch.Url), "palisade-notifications") { FirstDelay = TimeSpan.FromMilliseconds(10) } } },
            "secdb-openssl.yaml");
        await server.WaitAsync(await server.SubmitSbomAsync("alpine-311.cdx.json"));
        await ServerHarness.ImportAsync(server.Options.AdvisoryDatabase, "secdb-updated.yaml");
        using var rematch = await server.Client.PostAsync("/api/v1/rematch", null);
        for (var i = 0; i < 100 && elasticsearch.Stored.Count < 2; i++)
        {
            await Task.Delay(100);
        }
        Assert.Equal(2, elasticsearch.Stored.Count);
        Assert.All(elasticsearch.Indexes.Values, index => Assert.Equal("palisade-notifications", index));
        Assert.All(elasticsearch.Stored.Values, document => Assert.Equal("vulnerability.new", document["type"]!.GetValue<string>()));

        // A second pass finds nothing new and sends nothing.
        using var again = await server.Client.PostAsync("/api/v1/rematch", null);
        await Task.Delay(300);
        Assert.Equal(2, elasticsearch.Stored.Count);
    }
}
