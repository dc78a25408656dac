using System.CommandLine;
using Palisade.Images.Sbom;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan sbom FILE</c>: the packages a CycloneDX or SPDX document lists, matched against the offline database.</summary>
public sealed class ScanSbomCommand
{
    private readonly Argument<string> _file = new("sbom") { Description = "A CycloneDX 1.2–1.6 or SPDX 2.x JSON document (from Palisade, Trivy, Syft…), or - for standard input" };
    private readonly Option<bool> _ignoreUnfixed = new("--ignore-unfixed") { Description = "Hide vulnerabilities that have no fixed version yet" };
    private readonly Option<int> _maxDbAge = new("--max-db-age") { Description = "Warn when the vulnerability database is older than this many days", DefaultValueFactory = _ => 7 };
    private readonly DatabaseOptions _database = new();
    private readonly ReportingOptions _reporting = new();
    private readonly ServerClientOptions _server = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("sbom", "Scan a software bill of materials (CycloneDX or SPDX JSON) for vulnerable packages");
        command.Arguments.Add(_file);
        command.Options.Add(_ignoreUnfixed);
        command.Options.Add(_maxDbAge);
        _database.AddTo(command);
        _server.AddTo(command);
        _reporting.AddTo(command, takesInventory: true);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    /// <summary>Client mode: the document is read here (for its inventory and to refuse a bad one early) and matched on the server.</summary>
    private static async Task<Palisade.Core.Scanning.ScanOutput> ScanOnServerAsync(SbomScanRequest request, Palisade.Server.Client.ServerClient server, TimeSpan wait,
        Palisade.Core.Scanning.IScanProgress progress, CancellationToken cancellationToken)
    {
        string text;
        Palisade.Images.ImageInventory inventory;
        try
        {
            await using var stream = request.Open();
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            inventory = await SbomReader.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), request.DisplayName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return Palisade.Core.Scanning.ScanOutput.Failed(request.DisplayName, ex.Message);
        }
        progress.Report(new Palisade.Core.Scanning.ScanProgressUpdate($"{request.DisplayName}: {inventory.Packages.Count} packages, matching on the server"));
        var (findings, diagnostics) = await server.MatchAsync(text, wait, cancellationToken).ConfigureAwait(false);
        return new Palisade.Core.Scanning.ScanOutput(findings, diagnostics) { Inventory = Palisade.Images.ImageInventories.ToInventory(inventory) };
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var file = parsed.GetValue(_file)!;
        var request = new SbomScanRequest(file == "-" ? "<stdin>" : file, file == "-" ? env.OpenStandardInput : () => File.OpenRead(Path.GetFullPath(file, env.WorkingDirectory)))
        {
            IgnoreUnfixed = parsed.GetValue(_ignoreUnfixed),
            MaxDatabaseAge = TimeSpan.FromDays(parsed.GetValue(_maxDbAge)),
        };
        if (_server.Client(parsed, env) is { } server)
        {
            return await new ScanRun(_reporting, env).RunAsync(parsed, "sbom", [file], (progress, token) => ScanOnServerAsync(request, server, _server.Wait(parsed), progress, token), cancellationToken).ConfigureAwait(false);
        }
        var store = _database.Store(parsed, env);
        var scanner = new SbomScanner(store.OpenProvider, store.Path, env.Clock);
        return await new ScanRun(_reporting, env).RunAsync(parsed, scanner.Kind, [file], (progress, token) => scanner.ScanAsync(request, progress, token), cancellationToken).ConfigureAwait(false);
    }
}
