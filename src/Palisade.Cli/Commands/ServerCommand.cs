using System.CommandLine;
using Palisade.Audit.Shipping;
using Palisade.Core.Files;
using Palisade.Server;
using Palisade.Server.Notifications;
using Palisade.Server.Security;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade server</c>: scans behind an HTTP API; <c>palisade server token add</c>: an API token.</summary>
public sealed class ServerCommand
{
    private readonly Option<string> _listen = new("--listen") { Description = "ADDRESS:PORT to listen on", DefaultValueFactory = _ => "127.0.0.1:8080" };
    private readonly Option<string?> _db = new("--db") { Description = "The server's database: sqlite:PATH (default $XDG_CACHE_HOME/palisade/server.db) or postgres://user:password@host:port/database" };
    private readonly Option<string?> _tokenFile = new("--token-file") { Description = "File of API token hashes (made with 'palisade server token add')" };
    private readonly Option<string[]> _allowPath = new("--allow-path") { Description = "A directory whose files scan requests may name (repeatable); nothing else is read", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _tlsCert = new("--tls-cert") { Description = "TLS certificate (PEM)" };
    private readonly Option<string?> _tlsKey = new("--tls-key") { Description = "TLS private key (PEM)" };
    private readonly Option<string?> _clientCa = new("--client-ca") { Description = "Accept client certificates issued by this CA (PEM) instead of a token" };
    private readonly Option<string?> _vulnDb = new("--vuln-db") { Description = "Vulnerability database (default: $XDG_CACHE_HOME/palisade/vulnerabilities.db)" };
    private readonly Option<int> _workers = new("--workers") { Description = "Scans run at once", DefaultValueFactory = _ => 2 };
    private readonly Option<long> _maxUpload = new("--max-upload") { Description = "Largest upload, in bytes", DefaultValueFactory = _ => 64L * 1024 * 1024 };
    private readonly Option<int> _rateLimit = new("--rate-limit") { Description = "Requests per minute per token or certificate", DefaultValueFactory = _ => 600 };
    private readonly Option<string?> _instance = new("--instance") { Description = "This server's name in a shared queue (default: the host name)" };
    private readonly Option<int> _rematchMinutes = new("--rematch-interval") { Description = "Minutes between checks of the vulnerability database for an update to re-match against", DefaultValueFactory = _ => 5 };
    private readonly Option<bool> _noRegistry = new("--no-registry") { Description = "Never pull images from registries (only paths under --allow-path and uploads)" };
    private readonly Option<string?> _webhook = new("--webhook") { Description = "POST a signed notification here for each image newly affected by an advisory" };
    private readonly Option<string?> _webhookSecret = new("--webhook-secret-file") { Description = "File holding the webhook's HMAC-SHA256 secret" };
    private readonly Option<string?> _elasticsearch = new("--elasticsearch") { Description = "Also index notifications in Elasticsearch at this URL" };
    private readonly Option<string> _elasticsearchIndex = new("--elasticsearch-index") { Description = "Index for notifications", DefaultValueFactory = _ => "palisade-notifications" };
    private readonly Option<string?> _syslog = new("--syslog") { Description = "Also send notifications to this syslog receiver, HOST:PORT (RFC 5424 over TCP)" };
    private readonly Option<bool> _syslogTls = new("--syslog-tls") { Description = "Send to --syslog over TLS (RFC 5425)" };
    private readonly Option<string?> _spool = new("--spool") { Description = "Where undelivered notifications wait (default: $XDG_CACHE_HOME/palisade/server-spool)" };

    public Command Build(CliEnvironment env)
    {
        var command = new Command("server", "Run Palisade as a service: scans behind an HTTP API, stored inventories re-matched, notifications");
        foreach (var option in new Option[] { _listen, _db, _tokenFile, _allowPath, _tlsCert, _tlsKey, _clientCa, _vulnDb, _workers, _maxUpload, _rateLimit, _instance, _rematchMinutes, _noRegistry, _webhook, _webhookSecret, _elasticsearch, _elasticsearchIndex, _syslog, _syslogTls, _spool })
        {
            command.Options.Add(option);
        }
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        var tokens = new Command("token", "Manage API tokens");
        tokens.Subcommands.Add(TokenAdd(env));
        command.Subcommands.Add(tokens);
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(_workers) is < 1 or > 64)
        {
            throw new UsageException("--workers must be between 1 and 64");
        }
        if ((parsed.GetValue(_tlsCert) is null) != (parsed.GetValue(_tlsKey) is null))
        {
            throw new UsageException("--tls-cert and --tls-key go together");
        }
        var cache = CachePaths.Directory(env.Variable);
        var options = new ServerOptions
        {
            Listen = parsed.GetValue(_listen)!,
            Database = parsed.GetValue(_db) ?? "sqlite:" + Path.Combine(cache, "server.db"),
            TokenFile = parsed.GetValue(_tokenFile),
            AllowedPaths = parsed.GetValue(_allowPath) ?? [],
            TlsCertificate = parsed.GetValue(_tlsCert),
            TlsKey = parsed.GetValue(_tlsKey),
            ClientCa = parsed.GetValue(_clientCa),
            AdvisoryDatabase = parsed.GetValue(_vulnDb) ?? StorePaths.DefaultDatabase(env.Variable),
            Workers = parsed.GetValue(_workers),
            MaxUploadBytes = parsed.GetValue(_maxUpload),
            RequestsPerMinute = parsed.GetValue(_rateLimit),
            Instance = parsed.GetValue(_instance) ?? Environment.MachineName,
            RematchInterval = TimeSpan.FromMinutes(Math.Max(1, parsed.GetValue(_rematchMinutes))),
            AllowRegistry = !parsed.GetValue(_noRegistry),
            Notifications = Notifications(parsed, env, cache),
            WorkingDirectory = env.WorkingDirectory,
            Clock = env.Clock,
            Log = env.Error,
        };
        PalisadeServer server;
        try
        {
            server = await PalisadeServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            await env.Error.WriteLineAsync($"palisade: the server could not start: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.UsageOrFatal;
        }
        await using (server.ConfigureAwait(false))
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await env.Error.WriteLineAsync("palisade server: stopping").ConfigureAwait(false);
            }
        }
        return ExitCodes.Success;
    }

    private NotificationOptions Notifications(ParseResult parsed, CliEnvironment env, string cache)
    {
        var webhook = Url(parsed.GetValue(_webhook), "--webhook");
        var elasticsearch = Url(parsed.GetValue(_elasticsearch), "--elasticsearch");
        var secretFile = parsed.GetValue(_webhookSecret);
        if (webhook is not null && secretFile is null)
        {
            throw new UsageException("--webhook needs --webhook-secret-file: deliveries are signed so the receiver can tell them from forgeries");
        }
        var secret = secretFile is null ? null : File.ReadAllBytes(Path.GetFullPath(secretFile, env.WorkingDirectory)).AsSpan().Trim("\r\n "u8).ToArray();
        if (secret is { Length: < 16 })
        {
            throw new UsageException("--webhook-secret-file: the secret must be at least 16 bytes");
        }
        return new NotificationOptions
        {
            SpoolDirectory = parsed.GetValue(_spool) is { } spool ? Path.GetFullPath(spool, env.WorkingDirectory) : Path.Combine(cache, "server-spool"),
            Webhook = webhook is null ? null : new WebhookOptions(webhook, secret!),
            Elasticsearch = elasticsearch is null ? null : new ElasticsearchOptions(elasticsearch, parsed.GetValue(_elasticsearchIndex)!),
            Syslog = Syslog(parsed.GetValue(_syslog), parsed.GetValue(_syslogTls)),
        };
    }

    private static SyslogOptions? Syslog(string? target, bool tls)
    {
        if (target is null)
        {
            return null;
        }
        var colon = target.LastIndexOf(':');
        return colon > 0 && int.TryParse(target[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? new SyslogOptions(target[..colon].Trim('[', ']'), port) { Tls = tls, AppName = "palisade-server" }
            : throw new UsageException($"--syslog: '{target}' is not HOST:PORT");
    }

    private static Uri? Url(string? text, string option) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new UsageException($"{option}: '{text}' is not an http or https URL");

    private static Command TokenAdd(CliEnvironment env)
    {
        var name = new Argument<string>("name") { Description = "Who the token is for (shown in the access log)" };
        var scope = new Option<string>("--scope") { Description = "read (GET only) or write (also submit scans)", DefaultValueFactory = _ => "read" };
        var file = new Option<string>("--token-file") { Description = "The file of token hashes the server reads", Required = true };
        var command = new Command("add", "Make an API token: printed once, only its hash is kept");
        command.Arguments.Add(name);
        command.Options.Add(scope);
        command.Options.Add(file);
        command.SetAction(async (parsed, _) =>
        {
            var scopeText = parsed.GetValue(scope);
            if (!Enum.TryParse<TokenScope>(scopeText, ignoreCase: true, out var chosen) || scopeText!.Any(char.IsDigit))
            {
                throw new UsageException($"--scope: '{scopeText}' is not read or write");
            }
            var path = Path.GetFullPath(parsed.GetValue(file)!, env.WorkingDirectory);
            string token;
            try
            {
                token = new TokenFile(path).Add(parsed.GetValue(name)!, chosen);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            await env.Out.WriteLineAsync(token).ConfigureAwait(false);
            await env.Error.WriteLineAsync($"token for '{parsed.GetValue(name)}' ({chosen.ToString().ToLowerInvariant()}) added to {path}; it is not shown again").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
