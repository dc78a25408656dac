using System.CommandLine;
using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;
using Palisade.Core.Findings;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade audit analyze FILE|DIR|-</c>: attacker behaviour in Kubernetes audit logs, by ATT&amp;CK-tagged rules.</summary>
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
        analyze.Options.Add(_rules);
        analyze.Options.Add(_trusted);
        analyze.Options.Add(_lists);
        foreach (var option in new Option[] { _elasticsearch, _index, _esUser, _esApiKey, _spool, _syslog, _syslogTls })
        {
            analyze.Options.Add(option);
        }
        _reporting.AddTo(analyze);
        analyze.SetAction((parsed, token) => AnalyzeAsync(parsed, env, token));
        audit.Subcommands.Add(analyze);
        audit.Subcommands.Add(Serve(env));
        return audit;
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
            var colon = address.LastIndexOf(':');
            if (colon <= 0 || !System.Net.IPAddress.TryParse(address[..colon].Trim('[', ']'), out var ip) || !int.TryParse(address[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                throw new UsageException($"--listen: '{address}' is not address:port");
            }
            System.Security.Cryptography.X509Certificates.X509Certificate2 serverCertificate;
            try
            {
                using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(Path.GetFullPath(parsed.GetValue(certificate)!, env.WorkingDirectory), Path.GetFullPath(parsed.GetValue(key)!, env.WorkingDirectory));
                serverCertificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new UsageException($"--tls-cert/--tls-key: {ex.Message}");
            }
            var authorities = parsed.GetValue(clientCa) is { } caFile ? LoadAuthorities(Path.GetFullPath(caFile, env.WorkingDirectory)) : null;
            var rules = RuleLoader.Shipped();
            var analyzer = new AuditAnalyzer(rules, Settings(parsed, env));
            var gate = new object();
            // Alerts go to the on-disk spool as they are raised, so a killed receiver loses none; the loop ships them.
            if (parsed.GetValue(_elasticsearch) is { } esUrl && (!Uri.TryCreate(esUrl, UriKind.Absolute, out var esUri) || esUri.Scheme is not ("http" or "https")))
            {
                throw new UsageException($"--elasticsearch: '{esUrl}' is not an http(s) URL");
            }
            var spool = parsed.GetValue(_elasticsearch) is not null ? new Palisade.Audit.Shipping.AlertSpool(SpoolDirectory(parsed, env)) : null;
            var toSyslog = new List<Finding>();
            var receiver = new Palisade.Audit.Receiving.WebhookReceiver(new Palisade.Audit.Receiving.ReceiverOptions(new System.Net.IPEndPoint(ip, port), serverCertificate) { ClientAuthorities = authorities },
                e =>
                {
                    lock (gate)
                    {
                        foreach (var finding in analyzer.Analyze(e))
                        {
                            env.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(new AlertLine(finding.Check.Id.Value, finding.Severity.ToSlug(), [.. finding.Check.Mitre.Select(m => m.Id)], finding.Message), AlertLineJson.Default.AlertLine));
                            spool?.Append([Palisade.Audit.Shipping.AlertDocument.From(finding, e.Root)]);
                            toSyslog.Add(finding);
                        }
                        env.Out.Flush();
                    }
                },
                m =>
                {
                    lock (gate)
                    {
                        env.Error.WriteLine($"malformed: {m.Source}: {m.Reason}");
                    }
                });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            var serving = receiver.RunAsync(() => env.Error.WriteLine($"receiving audit webhook batches on https://{address}"), stop.Token);
            async Task DrainAsync()
            {
                List<Finding> log;
                lock (gate)
                {
                    log = [.. toSyslog];
                    toSyslog.Clear();
                }
                if (spool is not null && spool.Pending().Count > 0)
                {
                    foreach (var note in await ShipAsync(parsed.GetValue(_elasticsearch)!, [], parsed, env, CancellationToken.None).ConfigureAwait(false))
                    {
                        await env.Error.WriteLineAsync(note.ToString()).ConfigureAwait(false);
                    }
                }
                if (log.Count > 0 && parsed.GetValue(_syslog) is { } target && target.LastIndexOf(':') is var c and > 0
                    && int.TryParse(target[(c + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var syslogPort))
                {
                    try
                    {
                        await new Palisade.Audit.Shipping.SyslogSender(new Palisade.Audit.Shipping.SyslogOptions(target[..c], syslogPort) { Tls = parsed.GetValue(_syslogTls) }).SendAsync(log, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException)
                    {
                        await env.Error.WriteLineAsync($"syslog: {ex.Message}").ConfigureAwait(false);
                    }
                }
            }

            while (!serving.IsCompleted)
            {
                await Task.WhenAny(serving, Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None)).ConfigureAwait(false);
                await DrainAsync().ConfigureAwait(false);
            }
            // Alerts raised while the last round was shipping go out before the receiver stops.
            await DrainAsync().ConfigureAwait(false);
            await serving.ConfigureAwait(false);
            await env.Error.WriteLineAsync($"stopped after {receiver.Batches:N0} batches and {analyzer.Events:N0} events").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2Collection LoadAuthorities(string path)
    {
        var collection = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return collection.Count > 0 ? collection : throw new UsageException($"--client-ca: no certificate in {path}");
    }

    /// <summary>Spools the alerts first (so none is lost if Elasticsearch is down), then ships everything pending.</summary>
    private string SpoolDirectory(ParseResult parsed, CliEnvironment env) =>
        parsed.GetValue(_spool) is { } dir ? Path.GetFullPath(dir, env.WorkingDirectory)
            : Path.Combine(Palisade.Vulnerabilities.Store.StorePaths.DefaultDirectory(env.Variable), "spool");

    private async Task<IReadOnlyList<Diagnostic>> ShipAsync(string url, List<Palisade.Audit.Shipping.AlertDocument> alerts, ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--elasticsearch: '{url}' is not an http(s) URL");
        }
        var spoolDirectory = SpoolDirectory(parsed, env);
        var spool = new Palisade.Audit.Shipping.AlertSpool(spoolDirectory);
        foreach (var chunk in alerts.Chunk(500))
        {
            spool.Append(chunk);
        }
        var options = new Palisade.Audit.Shipping.ElasticsearchOptions(endpoint, parsed.GetValue(_index)!)
        {
            Username = parsed.GetValue(_esUser),
            Password = env.Variable("PALISADE_ES_PASSWORD"),
            ApiKey = parsed.GetValue(_esApiKey) is { } name ? env.Variable(name) : null,
        };
        using var http = env.Http();
        var report = await new Palisade.Audit.Shipping.ElasticsearchShipper(http, options, spool).ShipAsync(cancellationToken).ConfigureAwait(false);
        var notes = new List<Diagnostic> { new(url, null, $"shipped {report.Stored:N0} alert(s) to {options.Index}; {report.Rejected:N0} rejected; {report.Pending:N0} still spooled in {spoolDirectory}", DiagnosticLevel.Notice) };
        notes.AddRange(report.Problems.Take(20).Select(p => new Diagnostic(url, null, p)));
        if (report.Pending > 0)
        {
            notes.Add(new Diagnostic(url, null, $"{report.Pending:N0} alert(s) could not be delivered yet; they stay in {spoolDirectory} and go first next time"));
        }
        return notes;
    }

    private async Task<int> AnalyzeAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        _reporting.Validate(parsed);
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _ = _reporting.Gate(parsed);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var rules = new List<DetectionRule>(RuleLoader.Shipped());
        var diagnostics = new List<Diagnostic>();
        foreach (var file in parsed.GetValue(_rules) ?? [])
        {
            var path = Path.GetFullPath(file, env.WorkingDirectory);
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
        var settings = Settings(parsed, env);
        var outgoing = new List<Palisade.Audit.Shipping.AlertDocument>();
        var shipping = parsed.GetValue(_elasticsearch) is not null;
        var analyzer = new AuditAnalyzer(rules, settings) { OnAlert = shipping ? (finding, e) => outgoing.Add(Palisade.Audit.Shipping.AlertDocument.From(finding, e)) : null };
        var findings = new List<Finding>();
        var malformed = 0;
        void Malformed(MalformedInput input)
        {
            malformed++;
            if (malformed <= 100)
            {
                diagnostics.Add(new Diagnostic(input.Source, input.Line, input.Reason));
            }
        }
        var sources = parsed.GetValue(_paths)!;
        foreach (var source in sources)
        {
            if (source == "-")
            {
                foreach (var e in AuditEventReader.Read(env.OpenStandardInput(), "stdin", Malformed, analyzer.Shape))
                {
                    findings.AddRange(analyzer.Analyze(e));
                }
                continue;
            }
            var full = Path.GetFullPath(source, env.WorkingDirectory);
            if (!Path.Exists(full))
            {
                diagnostics.Add(new Diagnostic(source, null, "no such file or directory"));
                continue;
            }
            foreach (var file in AuditEventReader.Files(full))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await using var stream = File.OpenRead(file);
                    foreach (var e in AuditEventReader.Read(stream, file, Malformed, analyzer.Shape))
                    {
                        findings.AddRange(analyzer.Analyze(e));
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    // A truncated rotation or an unreadable file: what came before it counts, the other files too.
                    diagnostics.Add(new Diagnostic(file, null, $"could not be read to the end ({ex.Message}); the events before that point were analysed"));
                }
            }
        }
        if (parsed.GetValue(_elasticsearch) is { } url)
        {
            diagnostics.AddRange(await ShipAsync(url, outgoing, parsed, env, cancellationToken).ConfigureAwait(false));
        }
        if (parsed.GetValue(_syslog) is { } target)
        {
            var colon = target.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(target[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
            {
                throw new UsageException($"--syslog: '{target}' is not host:port");
            }
            try
            {
                await new Palisade.Audit.Shipping.SyslogSender(new Palisade.Audit.Shipping.SyslogOptions(target[..colon], port) { Tls = parsed.GetValue(_syslogTls) })
                    .SendAsync(findings, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                diagnostics.Add(new Diagnostic(target, null, $"syslog: {ex.Message}"));
            }
        }
        if (malformed > 100)
        {
            diagnostics.Add(new Diagnostic("audit logs", null, $"{malformed:N0} malformed lines or batches in all (the first 100 are listed)"));
        }
        if (!parsed.GetValue(_reporting.Quiet))
        {
            await env.Error.WriteLineAsync($"analysed {analyzer.Events:N0} audit events with {rules.Count} rules; {malformed:N0} malformed").ConfigureAwait(false);
        }
        var result = ResultAssembler.Assemble(new ScanInfo("audit", sources, started, env.Clock.GetElapsedTime(startTimestamp)), findings, [], diagnostics, suppressions, severities);
        return await ReportOutput.FinishAsync(result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The shipped lists, then a --lists file replacing lists by name, then --trusted-registry.</summary>
    private RuleSettings Settings(ParseResult parsed, CliEnvironment env)
    {
        var settings = RuleSettings.Default;
        if (parsed.GetValue(_lists) is { } file)
        {
            var path = Path.GetFullPath(file, env.WorkingDirectory);
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

/// <summary>One alert as `audit serve` prints it: a JSON line per alert.</summary>
internal sealed record AlertLine(string Rule, string Severity, IReadOnlyList<string> Techniques, string Message);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(AlertLine))]
internal sealed partial class AlertLineJson : System.Text.Json.Serialization.JsonSerializerContext;
