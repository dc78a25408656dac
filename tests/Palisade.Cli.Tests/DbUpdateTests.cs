using System.Net;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>`db update` against a loopback mirror that fails, cuts downloads short and resumes them.</summary>
public sealed class DbUpdateTests
{
    [SkippableFact]
    public async Task Downloads_are_retried_resumed_and_imported_in_one_swap()
    {
        var secdb = await File.ReadAllBytesAsync(Corpus.Require("vulnerability-data/alpine/legacy-secdb-v3.11-main.yaml"));
        var kev = await File.ReadAllBytesAsync(Corpus.Require("vulnerability-data/kev/known_exploited_vulnerabilities.json"));
        var requests = new List<string>();
        var secdbAttempts = 0;
        using var server = new LoopbackHttpServer(async context =>
        {
            var path = context.Request.Url!.AbsolutePath;
            lock (requests)
            {
                requests.Add($"{path} {context.Request.Headers["Range"]}");
            }
            if (path == "/kev.json" && requests.Count(r => r.StartsWith("/kev.json", StringComparison.Ordinal)) == 1)
            {
                context.Response.StatusCode = 503; // the first try fails; the retry succeeds
                return;
            }
            var body = path == "/secdb/main.yaml" ? secdb : path == "/kev.json" ? kev : null;
            if (body is null)
            {
                context.Response.StatusCode = 404;
                return;
            }
            var from = 0;
            if (context.Request.Headers["Range"] is { } range && range.StartsWith("bytes=", StringComparison.Ordinal))
            {
                from = int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
                context.Response.StatusCode = 206;
                context.Response.AddHeader("Content-Range", $"bytes {from}-{body.Length - 1}/{body.Length}");
            }
            context.Response.ContentLength64 = body.Length - from;
            if (path == "/secdb/main.yaml" && Interlocked.Increment(ref secdbAttempts) == 1)
            {
                await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2));
                context.Response.Abort(); // the connection drops half-way
                return;
            }
            await context.Response.OutputStream.WriteAsync(body.AsMemory(from));
        });
        var dir = TempDirectory();
        var feeds = Path.Combine(dir, "feeds.csv");
        await File.WriteAllTextAsync(feeds, $"name,url\nalpine-v3.11-main,{server.Url("secdb/main.yaml")}\ncisa-kev,{server.Url("kev.json")}\n");
        var db = Path.Combine(dir, "v.db");
        var run = await InProcessAsync(dir, e => e with { Http = () => new HttpClient { Timeout = TimeSpan.FromSeconds(30) } },
            "db", "update", "--db", db, "--feeds", feeds);
        Assert.Contains("secdb:Alpine:v3.11:main: 1,207 records", run.Error, StringComparison.Ordinal);
        Assert.Contains("cisa-kev: 1,404 records", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode); // the secdb's two malformed entries are warnings
        Assert.Contains(requests, r => r.StartsWith("/secdb/main.yaml bytes=", StringComparison.Ordinal));
        Assert.Equal(2, requests.Count(r => r.StartsWith("/kev.json", StringComparison.Ordinal)));
        Assert.Equal(["v.db"], Directory.GetFiles(dir, "*.db*").Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, ".download")));
    }

    [Fact]
    public async Task When_nothing_can_be_downloaded_the_database_is_left_alone()
    {
        using var server = new LoopbackHttpServer(context =>
        {
            context.Response.StatusCode = (int)HttpStatusCode.NotFound;
            return Task.CompletedTask;
        });
        var dir = TempDirectory();
        var feeds = Path.Combine(dir, "feeds.csv");
        await File.WriteAllTextAsync(feeds, $"cisa-kev,{server.Url("missing.json")}\n");
        var run = await InProcessAsync(dir, e => e with { Http = () => new HttpClient() }, "db", "update", "--db", Path.Combine(dir, "v.db"), "--feeds", feeds);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("HTTP 404", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "v.db")));
    }

    [Fact]
    public async Task When_no_name_resolves_update_fails_at_once_and_points_to_db_import()
    {
        // The resolver's answer for a machine without network, without asking any resolver.
        var connects = 0;
        var offline = new SocketsHttpHandler
        {
            ConnectCallback = (_, _) =>
            {
                Interlocked.Increment(ref connects);
                throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
            },
        };
        var dir = TempDirectory();
        var feeds = Path.Combine(dir, "feeds.csv");
        await File.WriteAllTextAsync(feeds, string.Join("\n", Enumerable.Range(1, 15).Select(i => $"feed-{i},https://feeds-{i}.example.org/data.json")) + "\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var run = await InProcessAsync(dir, e => e with { Http = () => new HttpClient(offline, disposeHandler: false) }, "db", "update", "--db", Path.Combine(dir, "v.db"), "--feeds", feeds);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(1, connects);
        Assert.Contains("offline?", run.Error, StringComparison.Ordinal);
        Assert.Contains("palisade db import", run.Error, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }
}
