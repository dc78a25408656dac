using System.Diagnostics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Palisade.Server.Api;
using Palisade.Server.Notifications;
using Palisade.Server.Security;
using Palisade.Server.Storage;
using Palisade.Server.Work;

namespace Palisade.Server;

/// <summary>
/// Palisade as a service: scans behind an HTTP API, a persistent queue worked by a fixed number of workers, image
/// inventories re-matched when the advisory database changes, and notifications for images newly affected.
/// </summary>
public sealed class PalisadeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerDatabase _database;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private readonly List<IDisposable> _owned = [];

    private PalisadeServer(WebApplication app, ServerDatabase database, IReadOnlyList<string> urls)
    {
        _app = app;
        _database = database;
        Urls = urls;
    }

    /// <summary>Every endpoint, as /openapi/v1.json must document it (a test holds the two together).</summary>
    public static IReadOnlyList<(string Method, string Pattern)> Routes { get; } =
    [
        ("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"), ("GET", "/openapi/v1.json"),
        ("POST", "/api/v1/scans"), ("GET", "/api/v1/scans/{id}"), ("GET", "/api/v1/scans/{id}/report"),
        ("GET", "/api/v1/images/{digest}"), ("GET", "/api/v1/findings"), ("POST", "/api/v1/rematch"),
    ];

    /// <summary>Where the server listens (with the port chosen when 0 was asked for).</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <exception cref="ArgumentException">The options cannot work (no way to authenticate, a bad address or database).</exception>
    public static async Task<PalisadeServer> StartAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        if (options.TokenFile is null && options.ClientCa is null)
        {
            throw new ArgumentException("the server needs --token-file (make tokens with 'palisade server token add') or --client-ca: every endpoint but health requires a caller");
        }
        if (options.ClientCa is not null && options.TlsCertificate is null)
        {
            throw new ArgumentException("--client-ca needs TLS: give --tls-cert and --tls-key too");
        }
        var endpoint = Endpoint(options.Listen);
        if (options.TokenFile is { } tokenFile)
        {
            CheckReadable(Path.GetFullPath(tokenFile, options.WorkingDirectory), "--token-file", "make tokens with 'palisade server token add NAME --token-file FILE'");
        }
        var database = ServerDatabase.Open(options.Database, options.WorkingDirectory);
        await Schema.MigrateAsync(database, options.Clock, cancellationToken).ConfigureAwait(false);
        var scans = new ScanStore(database, options.Clock);
        var recovered = await scans.RecoverAsync(options.Instance, cancellationToken).ConfigureAwait(false);
        if (recovered > 0)
        {
            await options.Log.WriteLineAsync($"queue: {recovered} scan(s) left running by a stopped server were queued again or failed").ConfigureAwait(false);
        }
        var images = new ImageStore(database, options.Clock);
        var findings = new FindingStore(database);
        var roots = new AllowedRoots(options.AllowedPaths, options.WorkingDirectory);
        var notifications = new NotificationSpooler(options.Notifications, () => new HttpClient(), options.Log);
        var rematcher = new Rematcher(options, images, new ServerState(database), notifications);
        var workers = new ScanWorkers(options, scans, new ScanExecutor(options, roots, images, rematcher));
        var endpoints = new ServerEndpoints(options, roots, scans, images, findings, rematcher, workers);
        var metrics = new Metrics(scans, findings, images, rematcher, workers, notifications, options.Clock);
        var tokens = options.TokenFile is null ? null : new TokenFile(Path.GetFullPath(options.TokenFile, options.WorkingDirectory));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var clientCa = options.ClientCa is null ? null : X509CertificateLoader.LoadCertificateFromFile(Path.GetFullPath(options.ClientCa, options.WorkingDirectory));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + 1;
            kestrel.Listen(endpoint, listen =>
            {
                if (options.TlsCertificate is { } cert)
                {
                    var certificate = X509Certificate2.CreateFromPemFile(Path.GetFullPath(cert, options.WorkingDirectory),
                        options.TlsKey is { } key ? Path.GetFullPath(key, options.WorkingDirectory) : null);
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        if (clientCa is not null)
                        {
                            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                            // Only the configured CA: a certificate the system store trusts is not a caller.
                            https.ClientCertificateValidation = (client, _, _) => Core.Net.CustomTrust.ChainsTo(client, [clientCa], new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
                        }
                    });
                }
            });
        });
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Items[nameof(Caller)] is Caller caller
                    ? RateLimitPartition.GetTokenBucketLimiter(caller.Name, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, options.RequestsPerMinute),
                        TokensPerPeriod = Math.Max(1, options.RequestsPerMinute / 60),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("anonymous"));
            limiter.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Problems.WriteAsync(rejected.HttpContext, 429, $"more than {options.RequestsPerMinute} requests a minute for this caller"));
            };
        });
        var app = builder.Build();
        app.Use((context, next) => AccessLogAsync(context, next, options));
        app.Use((context, next) => ErrorsAsync(context, next, options));
        app.Use((context, next) => AuthenticateAsync(context, next, tokens, options.Log));
        app.UseRateLimiter();

        app.MapGet("/healthz", context => context.Response.WriteAsync("ok\n", context.RequestAborted));
        app.MapGet("/readyz", context => ReadyAsync(context, database));
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(await metrics.RenderAsync(context.RequestAborted).ConfigureAwait(false), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/openapi/v1.json", OpenApiAsync);
        app.MapPost("/api/v1/scans", endpoints.SubmitScanAsync);
        app.MapGet("/api/v1/scans/{id}", endpoints.GetScanAsync);
        app.MapGet("/api/v1/scans/{id}/report", endpoints.GetReportAsync);
        app.MapGet("/api/v1/images/{digest}", endpoints.GetImageAsync);
        app.MapGet("/api/v1/findings", endpoints.GetFindingsAsync);
        app.MapPost("/api/v1/rematch", endpoints.RematchAsync);
        app.MapFallback(context => Problems.WriteAsync(context, 404, $"no endpoint {context.Request.Method} {context.Request.Path}; see /openapi/v1.json"));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var urls = app.Services.GetService(typeof(Microsoft.AspNetCore.Hosting.Server.IServer)) is Microsoft.AspNetCore.Hosting.Server.IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [] : [];
        var running = new PalisadeServer(app, database, urls);
        running._owned.AddRange([workers, rematcher, notifications]);
        running._background.Add(workers.RunAsync(running._stopping.Token));
        running._background.Add(notifications.RunAsync(running._stopping.Token));
        running._background.Add(RematchLoopAsync(rematcher, options, running._stopping.Token));
        await options.Log.WriteLineAsync($"palisade server {ServerInfo.Version} listening on {string.Join(", ", urls)}; database {database.ShownAs}; {options.Workers} worker(s)").ConfigureAwait(false);
        return running;
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(_background).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        _stopping.Dispose();
    }

    /// <summary>A file the server needs is refused at start with its reason, not found out by the first caller.</summary>
    private static void CheckReadable(string path, string option, string hint)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{option}: {path} does not exist; {hint}");
        }
        try
        {
            File.OpenRead(path).Dispose();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option}: {path} cannot be read by this user ({ex.Message})");
        }
    }

    private static IPEndPoint Endpoint(string listen)
    {
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new ArgumentException($"--listen: '{listen}' is not ADDRESS:PORT");
        }
        var host = listen[..colon].Trim('[', ']');
        var address = host is "localhost" ? IPAddress.Loopback : host is "*" or "" ? IPAddress.Any
            : IPAddress.TryParse(host, out var parsed) ? parsed : throw new ArgumentException($"--listen: '{host}' is not an IP address");
        return new IPEndPoint(address, port);
    }

    private static async Task RematchLoopAsync(Rematcher rematcher, ServerOptions options, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await rematcher.RematchIfChangedAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(options.RematchInterval, options.Clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                await options.Log.WriteLineAsync($"re-matching failed ({ex.GetType().Name}: {ex.Message}); trying again in {options.RematchInterval.TotalMinutes:0} min").ConfigureAwait(false);
                await Task.Delay(options.RematchInterval, options.Clock, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One line per request: time, caller, method, path (no query, no headers), status, duration. Never a token.</summary>
    private static async Task AccessLogAsync(HttpContext context, RequestDelegate next, ServerOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var caller = context.Items[nameof(Caller)] is Caller c ? c.Name : "-";
            await options.Log.WriteLineAsync($"{options.Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {context.Connection.RemoteIpAddress} {caller} {context.Request.Method} {context.Request.Path} {context.Response.StatusCode} {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}ms").ConfigureAwait(false);
        }
    }

    private static async Task ErrorsAsync(HttpContext context, RequestDelegate next, ServerOptions options)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            await Problems.WriteAsync(context, ex.Status, ex.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await Problems.WriteAsync(context, ex.StatusCode, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (Exception ex)
        {
            await options.Log.WriteLineAsync($"internal error on {context.Request.Method} {context.Request.Path}: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            await Problems.WriteAsync(context, 500, "internal error; the server log has the details").ConfigureAwait(false);
        }
    }

    /// <summary>Health is open; everything else needs a client certificate or a bearer token, and writes need the write scope.</summary>
    private static async Task AuthenticateAsync(HttpContext context, RequestDelegate next, TokenFile? tokens, TextWriter log)
    {
        var path = context.Request.Path.Value ?? "";
        if (path is "/healthz" or "/readyz")
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        Caller? caller = null;
        if (context.Connection.ClientCertificate is { } certificate)
        {
            caller = new Caller("cert:" + certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), TokenScope.Write);
        }
        else if (tokens is not null && context.Request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                caller = tokens.Find(header["Bearer ".Length..].Trim());
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await log.WriteLineAsync($"the token file cannot be read: {ex.Message}").ConfigureAwait(false);
                await Problems.WriteAsync(context, 503, "the server cannot read its token file; see its log").ConfigureAwait(false);
                return;
            }
        }
        if (caller is null)
        {
            await Problems.WriteAsync(context, 401, "a valid bearer token (or client certificate) is required").ConfigureAwait(false);
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && caller.Scope != TokenScope.Write)
        {
            await Problems.WriteAsync(context, 403, $"'{caller.Name}' has read scope; this needs write").ConfigureAwait(false);
            return;
        }
        context.Items[nameof(Caller)] = caller;
        await next(context).ConfigureAwait(false);
    }

    private static async Task ReadyAsync(HttpContext context, ServerDatabase database)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(context.RequestAborted).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            await command.ExecuteScalarAsync(context.RequestAborted).ConfigureAwait(false);
            await context.Response.WriteAsync("ready\n", context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException)
        {
            await Problems.WriteAsync(context, 503, $"the database is not reachable: {ex.Message}").ConfigureAwait(false);
        }
    }

    private static async Task OpenApiAsync(HttpContext context)
    {
        await using var document = typeof(PalisadeServer).Assembly.GetManifestResourceStream("Palisade.Server.openapi.json")!;
        context.Response.ContentType = "application/json; charset=utf-8";
        await document.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
