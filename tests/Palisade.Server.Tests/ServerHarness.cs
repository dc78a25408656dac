using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Palisade.Server;
using Palisade.Server.Notifications;
using Palisade.Server.Security;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Server.Tests;

[CollectionDefinition("server")]
public sealed class ServerCollection : ICollectionFixture<PostgresServer>;

/// <summary>
/// A real server on a loopback port over a real database (SQLite in a temporary folder, or a fresh database in the
/// throwaway PostgreSQL), with a write token, a read token, an advisory database and a directory it may read.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private readonly StringWriter _log;

    private ServerHarness(string root, PalisadeServer server, ServerOptions options, StringWriter log, string writeToken, string readToken)
    {
        _log = log;
        Root = root;
        Server = server;
        Options = options;
        Client = Authorized(writeToken);
        Reader = Authorized(readToken);
        Anonymous = new HttpClient { BaseAddress = new Uri(server.Urls[0]) };
    }

    public string Root { get; }

    public PalisadeServer Server { get; private set; }

    public ServerOptions Options { get; private set; }

    public HttpClient Client { get; }

    public HttpClient Reader { get; }

    public HttpClient Anonymous { get; }

    public string AllowedDirectory => Path.Combine(Root, "allowed");

    public string Log
    {
        get
        {
            lock (Options.Log)
            {
                return _log.ToString();
            }
        }
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string DatabaseFor(string kind, PostgresServer postgres, string root)
    {
        if (kind == "postgres")
        {
            Component.Require(postgres.Missing);
            return postgres.NewDatabase();
        }
        return "sqlite:" + Path.Combine(root, "server.db");
    }

    public static async Task<ServerHarness> StartAsync(string database, string root, Func<ServerOptions, ServerOptions>? configure = null, params string[] feeds)
    {
        Directory.CreateDirectory(Path.Combine(root, "allowed"));
        var advisories = Path.Combine(root, "vulnerabilities.db");
        await ImportAsync(advisories, feeds);
        var tokens = new TokenFile(Path.Combine(root, "tokens"));
        var write = tokens.Add("ci", TokenScope.Write);
        var read = tokens.Add("dashboard", TokenScope.Read);
        var log = new StringWriter();
        var options = new ServerOptions
        {
            Listen = "127.0.0.1:0",
            Database = database,
            TokenFile = tokens.Path,
            AllowedPaths = [Path.Combine(root, "allowed")],
            AdvisoryDatabase = advisories,
            Instance = "test",
            Notifications = new NotificationOptions { SpoolDirectory = Path.Combine(root, "spool"), RetryInterval = TimeSpan.FromMilliseconds(200) },
            WorkingDirectory = root,
            AllowRegistry = false,
            Log = TextWriter.Synchronized(log),
        };
        options = configure?.Invoke(options) ?? options;
        var server = await PalisadeServer.StartAsync(options, CancellationToken.None);
        return new ServerHarness(root, server, options, log, write, read);
    }

    public static async Task ImportAsync(string database, params string[] feeds)
    {
        var store = new VulnerabilityStore(database, TimeProvider.System);
        await store.ImportAsync((session, token) =>
        {
            FeedImport.Run(feeds.Select(Fixture), session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
    }

    public static string NewRoot() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-server-tests", Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>Uploads an SBOM and returns the scan's id.</summary>
    public async Task<string> SubmitSbomAsync(string fixture)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Fixture(fixture)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.cyclonedx+json");
        using var response = await Client.PostAsync("/api/v1/scans?kind=sbom", content);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public async Task<HttpResponseMessage> SubmitAsync(string kind, string target) =>
        await Client.PostAsJsonAsync("/api/v1/scans", new { kind, target });

    /// <summary>Polls until the scan is done or failed (30 s at most) and returns its status document.</summary>
    public async Task<JsonDocument> WaitAsync(string id)
    {
        for (var i = 0; i < 300; i++)
        {
            var document = JsonDocument.Parse(await Reader.GetStringAsync($"/api/v1/scans/{id}"));
            if (document.RootElement.GetProperty("status").GetString() is "done" or "failed")
            {
                return document;
            }
            document.Dispose();
            await Task.Delay(100);
        }
        throw new TimeoutException($"scan {id} did not finish; server log:\n{Log}");
    }

    public async Task RestartAsync(Func<ServerOptions, ServerOptions>? change = null)
    {
        // The same port, so the clients keep working.
        var port = new Uri(Server.Urls[0]).Port;
        await Server.DisposeAsync();
        Options = (change?.Invoke(Options) ?? Options) with { Listen = $"127.0.0.1:{port}" };
        Server = await PalisadeServer.StartAsync(Options, CancellationToken.None);
    }

    private HttpClient Authorized(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(Server.Urls[0]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Reader.Dispose();
        Anonymous.Dispose();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
