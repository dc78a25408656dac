using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Images;
using Palisade.Images.Checks;
using Palisade.Images.Vulnerabilities;

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
        _reporting.AddTo(command, extraFormats: ["cyclonedx"]);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var reference = parsed.GetValue(_reference)!;
        var scanners = Scanners(parsed);
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _reporting.Validate(parsed);
        _ = _reporting.Gate(parsed);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        ImageInventory? inventory = null;
        try
        {
            var settings = _registry.Settings(parsed, env, parsed.GetValue(_offline));
            var opened = await Task.Run(() => ImageOpener.Open(reference, env.WorkingDirectory, settings, scanners.Contains("secret"), cancellationToken), cancellationToken).ConfigureAwait(false);
            inventory = opened.Inventory;
            diagnostics.AddRange(inventory.Problems.Select(p => new Diagnostic(p.Path, p.Line, p.Message, p.IsNotice ? DiagnosticLevel.Notice : DiagnosticLevel.Error)));
            var target = new Target(null, new ResourceRef("Image", null, inventory.Reference));
            if (scanners.Contains("config") && opened.Config is { } config)
            {
                findings.AddRange(ImageChecks.All.SelectMany(check => check.Evaluate(config).Select(hit => new Finding(check.Info, target, hit.Message, hit.Evidence))));
            }
            if (scanners.Contains("config"))
            {
                findings.AddRange(opened.FileFindings);
            }
            if (scanners.Contains("secret"))
            {
                findings.AddRange(opened.SecretFindings);
            }
            if (scanners.Contains("vuln"))
            {
                MatchVulnerabilities(parsed, env, inventory, findings, diagnostics, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or System.Text.Json.JsonException or HttpRequestException or Images.Sources.ImageSourceException)
        {
            diagnostics.Add(new Diagnostic(reference, null, ex.Message));
        }
        var result = ResultAssembler.Assemble(new ScanInfo("image", [reference], started, env.Clock.GetElapsedTime(startTimestamp)), findings, [], diagnostics, suppressions, severities);
        if (!parsed.GetValue(_reporting.Quiet))
        {
            if (inventory is not null)
            {
                var os = inventory.OperatingSystem is { } o ? $"{o.Id} {o.Version}" : "unknown operating system";
                var byEcosystem = string.Join(", ", inventory.Packages.GroupBy(p => p.Ecosystem).Select(g => $"{g.Count()} {g.Key}"));
                await env.Error.WriteLineAsync($"{inventory.Reference}: {os}; packages: {(byEcosystem.Length == 0 ? "none found" : byEcosystem)}").ConfigureAwait(false);
            }
            // The table lists notes itself; other formats (and files) get them on standard error.
            var tableOnScreen = string.Equals(parsed.GetValue(_reporting.Format), "table", StringComparison.OrdinalIgnoreCase) && parsed.GetValue(_reporting.Output) is null;
            foreach (var notice in diagnostics.Where(d => d.Level == DiagnosticLevel.Notice && !tableOnScreen))
            {
                await env.Error.WriteLineAsync($"warning: {notice}").ConfigureAwait(false);
            }
        }
        if (string.Equals(parsed.GetValue(_reporting.Format), "cyclonedx", StringComparison.OrdinalIgnoreCase))
        {
            return await CycloneDxOutput.WriteAsync(inventory, result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
        }
        return await ReportOutput.FinishAsync(result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }

    private void MatchVulnerabilities(ParseResult parsed, CliEnvironment env, ImageInventory inventory, List<Finding> findings, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var store = _database.Store(parsed, env);
        using var connection = store.OpenRead();
        if (connection is null)
        {
            // A scan that could not look must not pass a CI gate: this is an error (exit 3), not a note.
            diagnostics.Add(new Diagnostic(store.Path, null, "no vulnerability database: packages were not matched; run `palisade db update` or `palisade db import`, or leave vuln out of --scanners"));
            return;
        }
        var info = store.Info();
        var maxAge = TimeSpan.FromDays(parsed.GetValue(_maxDbAge));
        if (info.UpdatedAt is not { } updated || env.Clock.GetUtcNow() - updated > maxAge)
        {
            var age = info.UpdatedAt is { } u ? DbCommand.Age(env.Clock.GetUtcNow() - u) + " old" : "empty";
            diagnostics.Add(new Diagnostic(store.Path, null, $"vulnerability database is {age} (over {maxAge.TotalDays:0} days); results may miss recent advisories", DiagnosticLevel.Notice));
        }
        var outcome = ImageVulnerabilityScan.Run(inventory, connection, new ImageVulnerabilityScan.Options(parsed.GetValue(_ignoreUnfixed)), cancellationToken);
        findings.AddRange(outcome.Findings);
        diagnostics.AddRange(outcome.Notes.Select(n => new Diagnostic(inventory.Reference, null, n, DiagnosticLevel.Notice)));
        diagnostics.AddRange(outcome.Problems.Select(p => new Diagnostic(p.Path, p.Line, p.Message, DiagnosticLevel.Notice)));
    }

    private HashSet<string> Scanners(ParseResult parsed)
    {
        var given = (parsed.GetValue(_scanners) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var known = new[] { "vuln", "secret", "config" };
        foreach (var unknown in given.Where(g => !known.Contains(g)))
        {
            throw new UsageException($"--scanners: unknown scanner '{unknown}' (expected vuln, secret, config)");
        }
        return given.Count == 0 ? [.. known] : [.. given];
    }
}
