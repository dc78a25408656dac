using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Palisade.Audit;
using Palisade.Audit.Receiving;
using Palisade.Audit.Rules;
using Palisade.Audit.Shipping;
using Palisade.Core.Files;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade audit analyze|serve</c>: attacker behaviour in Kubernetes audit logs, from files or the live webhook.</summary>
public sealed class AuditCommand
{
    private readonly Argument<string[]> _paths = new("path") { Description = "Audit log files (JSON lines, .gz), directories of rotated logs, or - for standard input", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string[]> _rules = new("--rules") { Description = "Extra rule files in Palisade's rule format (added to the shipped rules)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _lists = new("--lists") { Description = "A YAML file of named lists (control-plane, controllers, nodes, add-ons, trusted-registries…) replacing the shipped ones by name" };
    private readonly Option<string[]> _trusted = new("--trusted-registry") { Description = "Image prefixes that count as trusted (replaces the default list)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _elasticsearch = new("--elasticsearch") { Description = "Ship alerts to this Elasticsearch URL (the _bulk API, Elastic Common Schema)" };
    private readonly Option<string> _index = new("--es-index") { Description = "Index or data stream for alerts", DefaultValueFactory = _ => "palisade-alerts" };
    private readonly Option<string?> _esUser = new("--es-user") { Description = "Elasticsearch user (password from PALISADE_ES_PASSWORD)" };
    private readonly Option<string?> _esApiKey = new("--es-api-key-env") { Description = "Name of the environment variable holding an Elasticsearch API key" };
    private readonly Option<string?> _spool = new("--spool") { Description = "Spool directory: alerts wait here until Elasticsearch has them (default: $XDG_CACHE_HOME/palisade/spool)" };
    private readonly Option<string?> _syslog = new("--syslog") { Description = "Also send alerts as RFC 5424 syslog over TCP to host:port" };
    private readonly Option<bool> _syslogTls = new("--syslog-tls") { Description = "Use TLS for --syslog (RFC 5425)" };
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var audit = new Command("audit", "Kubernetes audit logs");
        var analyze = new Command("analyze", "Detect attacker behaviour in audit logs (every finding tagged with MITRE ATT&CK)");
        analyze.Arguments.Add(_paths);
        foreach (var option in new Option[] { _rules, _trusted, _lists, _elasticsearch, _index, _esUser, _esApiKey, _spool, _syslog, _syslogTls })
        {
            analyze.Options.Add(option);
        }
        _reporting.AddTo(analyze);
        analyze.SetAction((parsed, token) => AnalyzeAsync(parsed, env, token));
        audit.Subcommands.Add(analyze);
        audit.Subcommands.Add(Serve(env));
        return audit;
    }

    private async Task<int> AnalyzeAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var sources = parsed.GetValue(_paths)!;
        var request = new AuditLogScanRequest(sources, env.WorkingDirectory, await RulesAsync(parsed, env, cancellationToken).ConfigureAwait(false), Settings(parsed, env))
        {
            Shipping = Shipping(parsed, env),
        };
        var scanner = new AuditLogScanner(env.OpenStandardInput, env.Http);
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, sources, (progress, token) => scanner.ScanAsync(request, progress, token), cancellationToken).ConfigureAwait(false);
    }

    private Command Serve(CliEnvironment env)
    {
        var listen = new Option<string>("--listen") { Description = "Address and port to receive the API server's audit webhook on", DefaultValueFactory = _ => "127.0.0.1:8443" };
        var certificate = new Option<string>("--tls-cert") { Description = "Server certificate (PEM)", Required = true };
        var key = new Option<string>("--tls-key") { Description = "Server key (PEM)", Required = true };
        var clientCa = new Option<string?>("--client-ca") { Description = "Only accept clients with a certificate from this CA (PEM), i.e. the API server" };
        var command = new Command("serve", "Receive audit webhook batches from the API server and raise alerts as events arrive (JSON lines on stdout)");
        foreach (var option in new Option[] { listen, certificate, key, clientCa, _rules, _trusted, _lists, _elasticsearch, _index, _esUser, _esApiKey, _spool, _syslog, _syslogTls })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parsed, token) =>
        {
            var address = parsed.GetValue(listen)!;
            var endpoint = IPEndPoint.TryParse(address, out var parsedEndpoint) && parsedEndpoint.Port > 0 && address.Contains(':', StringComparison.Ordinal)
                ? parsedEndpoint
                : throw new UsageException($"--listen: '{address}' is not address:port");
            var receiver = new ReceiverOptions(endpoint, LoadCertificate(Full(parsed.GetValue(certificate)!, env), Full(parsed.GetValue(key)!, env)))
            {
                ClientAuthorities = parsed.GetValue(clientCa) is { } caFile ? LoadAuthorities(Full(caFile, env)) : null,
            };
            var analyzer = new AuditAnalyzer(await RulesAsync(parsed, env, token).ConfigureAwait(false), Settings(parsed, env));
            var shippingOptions = Shipping(parsed, env);
            var service = new AuditWebhookService(receiver, analyzer, shippingOptions is null ? null : new AlertShipping(shippingOptions, env.Http), env.Out, env.Error);
            await service.RunAsync(() => env.Error.WriteLine($"receiving audit webhook batches on https://{address}"), token).ConfigureAwait(false);
            await env.Error.WriteLineAsync($"stopped after {service.Batches:N0} batches and {analyzer.Events:N0} events").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Full(string path, CliEnvironment env) => Path.GetFullPath(path, env.WorkingDirectory);

    private static X509Certificate2 LoadCertificate(string certificate, string key)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificate, key);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException ex)
        {
            throw new UsageException($"--tls-cert/--tls-key: {ex.Message}");
        }
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection.Count > 0 ? collection : throw new UsageException($"--client-ca: no certificate in {path}");
    }

    /// <summary>The shipped rules plus every --rules file; a broken rule file is a usage error naming file and line.</summary>
    private async Task<IReadOnlyList<DetectionRule>> RulesAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var rules = new List<DetectionRule>(RuleLoader.Shipped());
        foreach (var file in parsed.GetValue(_rules) ?? [])
        {
            var path = Full(file, env);
            var (loaded, errors) = RuleLoader.Load(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), path);
            if (errors.Count > 0)
            {
                throw new UsageException(string.Join("; ", errors.Select(e => e.ToString())));
            }
            rules.AddRange(loaded);
        }
        try
        {
            RuleLoader.Check(rules);
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
        return rules;
    }

    /// <summary>Where alerts go besides the report (--elasticsearch, --syslog); null when nowhere.</summary>
    private AlertShippingOptions? Shipping(ParseResult parsed, CliEnvironment env)
    {
        var elasticsearch = parsed.GetValue(_elasticsearch);
        var syslog = parsed.GetValue(_syslog);
        if (elasticsearch is null && syslog is null)
        {
            return null;
        }
        var spool = parsed.GetValue(_spool) is { } dir ? Full(dir, env) : Path.Combine(CachePaths.Directory(env.Variable), "spool");
        var options = new AlertShippingOptions(spool);
        if (elasticsearch is not null)
        {
            if (!Uri.TryCreate(elasticsearch.EndsWith('/') ? elasticsearch : elasticsearch + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--elasticsearch: '{elasticsearch}' is not an http(s) URL");
            }
            options = options with
            {
                Elasticsearch = (new ElasticsearchOptions(url, parsed.GetValue(_index)!)
                {
                    Username = parsed.GetValue(_esUser),
                    Password = env.Variable("PALISADE_ES_PASSWORD"),
                    ApiKey = parsed.GetValue(_esApiKey) is { } name ? env.Variable(name) : null,
                }, elasticsearch),
            };
        }
        if (syslog is not null)
        {
            var colon = syslog.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(syslog[(colon + 1)..], CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
            {
                throw new UsageException($"--syslog: '{syslog}' is not host:port");
            }
            options = options with { Syslog = new SyslogOptions(syslog[..colon], port) { Tls = parsed.GetValue(_syslogTls) } };
        }
        return options;
    }

    /// <summary>The shipped lists, then a --lists file replacing lists by name, then --trusted-registry.</summary>
    private RuleSettings Settings(ParseResult parsed, CliEnvironment env)
    {
        var settings = RuleSettings.Default;
        if (parsed.GetValue(_lists) is { } file)
        {
            var path = Full(file, env);
            if (!File.Exists(path))
            {
                throw new UsageException($"--lists: {file}: no such file");
            }
            var (lists, errors) = RuleSettings.Load(File.ReadAllText(path), file);
            if (errors.Count > 0)
            {
                throw new UsageException($"--lists: {errors[0]}");
            }
            settings = settings.With(lists);
        }
        return parsed.GetValue(_trusted) is { Length: > 0 } trusted
            ? settings.With(new Dictionary<string, IReadOnlyList<string>> { ["trusted-registries"] = trusted })
            : settings;
    }
}
