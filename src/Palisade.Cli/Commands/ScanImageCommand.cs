using System.CommandLine;
using Palisade.Images;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade scan image REF</c>: packages matched against the offline vulnerability database, secrets in layers and
/// risky configuration, for image layouts, archives, root filesystems and registry references.
/// </summary>
public sealed class ScanImageCommand
{
    private readonly Argument<string> _reference = new("image") { Description = "An OCI layout directory (dir:tag or dir@sha256:…), a docker-archive/OCI archive file, a root filesystem directory, or a registry reference" };
    private readonly Option<string[]> _scanners = new("--scanners") { Description = "What to look for: vuln, secret, config (default: all)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _ignoreUnfixed = new("--ignore-unfixed") { Description = "Hide vulnerabilities that have no fixed version yet" };
    private readonly Option<bool> _offline = new("--offline") { Description = "Never touch the network (registry references are refused)" };
    private readonly Option<int> _maxDbAge = new("--max-db-age") { Description = "Warn when the vulnerability database is older than this many days", DefaultValueFactory = _ => 7 };
    private readonly DatabaseOptions _database = new();
    private readonly RegistryOptions _registry = new();
    private readonly ReportingOptions _reporting = new();
    private readonly ServerClientOptions _server = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("image", "Scan a container image: vulnerabilities, secrets and risky configuration");
        command.Arguments.Add(_reference);
        command.Options.Add(_scanners);
        command.Options.Add(_ignoreUnfixed);
        command.Options.Add(_offline);
        command.Options.Add(_maxDbAge);
        _database.AddTo(command);
        _registry.AddTo(command);
        _server.AddTo(command);
        _reporting.AddTo(command, takesInventory: true);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var reference = parsed.GetValue(_reference)!;
        var request = new ImageScanRequest(reference, env.WorkingDirectory, _registry.Settings(parsed, env, parsed.GetValue(_offline)))
        {
            Scanners = Scanners(parsed),
            IgnoreUnfixed = parsed.GetValue(_ignoreUnfixed),
            MaxDatabaseAge = TimeSpan.FromDays(parsed.GetValue(_maxDbAge)),
        };
        var store = _database.Store(parsed, env);
        var scanner = new ImageScanner(store.OpenProvider, store.Path, env.Clock);
        if (_server.Client(parsed, env) is { } server && request.Scanners.HasFlag(ImageScanners.Vulnerabilities))
        {
            // Client mode: the layers are read here, the packages matched on the server; the image never leaves.
            var local = request with { Scanners = request.Scanners & ~ImageScanners.Vulnerabilities };
            return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, [reference], async (progress, token) =>
            {
                var output = await scanner.ScanAsync(local, progress, token).ConfigureAwait(false);
                if (output.Inventory is not { } inventory)
                {
                    return output;
                }
                var sbom = await Palisade.Server.Client.InventorySbom.CycloneDxAsync(inventory, env.Clock.GetUtcNow(), token).ConfigureAwait(false);
                var (findings, diagnostics) = await server.MatchAsync(sbom, _server.Wait(parsed), token).ConfigureAwait(false);
                return output with { Findings = [.. output.Findings, .. findings], Diagnostics = [.. output.Diagnostics, .. diagnostics] };
            }, cancellationToken).ConfigureAwait(false);
        }
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, [reference], (progress, token) => scanner.ScanAsync(request, progress, token), cancellationToken).ConfigureAwait(false);
    }

    private ImageScanners Scanners(ParseResult parsed)
    {
        var given = (parsed.GetValue(_scanners) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (given.Count == 0)
        {
            return ImageScanners.All;
        }
        var scanners = ImageScanners.None;
        foreach (var name in given)
        {
            scanners |= name switch
            {
                "vuln" => ImageScanners.Vulnerabilities,
                "secret" => ImageScanners.Secrets,
                "config" => ImageScanners.Configuration,
                _ => throw new UsageException($"--scanners: unknown scanner '{name}' (expected vuln, secret, config)"),
            };
        }
        return scanners;
    }
}
