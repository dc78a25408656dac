using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Images;
using Palisade.Images.Checks;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade scan image REF</c>: inventory and configuration checks of an image layout, archive or rootfs.</summary>
public sealed class ScanImageCommand
{
    private readonly Argument<string> _reference = new("image") { Description = "An OCI layout directory (dir:tag or dir@sha256:…), a docker-archive/OCI archive file, or a root filesystem directory" };
    private readonly ReportingOptions _reporting = new();

    public Command Build(CliEnvironment env)
    {
        var command = new Command("image", "Scan a container image: operating system, packages and risky configuration");
        command.Arguments.Add(_reference);
        _reporting.AddTo(command);
        command.SetAction((parsed, token) => RunAsync(parsed, env, token));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parsed, CliEnvironment env, CancellationToken cancellationToken)
    {
        var reference = parsed.GetValue(_reference)!;
        var suppressions = Suppressions.Load(parsed, _reporting, env);
        var severities = _reporting.Severities(parsed);
        _ = _reporting.Writer(parsed);
        _ = _reporting.Gate(parsed);
        var started = env.Clock.GetUtcNow();
        var startTimestamp = env.Clock.GetTimestamp();
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        ImageInventory? inventory = null;
        try
        {
            var opened = ImageOpener.Open(Path.IsPathRooted(reference) ? reference : Path.Combine(env.WorkingDirectory, reference));
            inventory = opened.Inventory;
            diagnostics.AddRange(inventory.Problems.Select(p => new Diagnostic(p.Path, p.Line, p.Message)));
            if (opened.Config is { } config)
            {
                var target = new Target(null, new ResourceRef("Image", null, inventory.Reference));
                findings.AddRange(ImageChecks.All.SelectMany(check => check.Evaluate(config).Select(hit => new Finding(check.Info, target, hit.Message, hit.Evidence))));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or System.Text.Json.JsonException)
        {
            diagnostics.Add(new Diagnostic(reference, null, ex.Message));
        }
        var result = ResultAssembler.Assemble(new ScanInfo("image", [reference], started, env.Clock.GetElapsedTime(startTimestamp)), findings, [], diagnostics, suppressions, severities);
        if (!parsed.GetValue(_reporting.Quiet) && inventory is not null)
        {
            var os = inventory.OperatingSystem is { } o ? $"{o.Id} {o.Version}" : "unknown operating system";
            var byEcosystem = string.Join(", ", inventory.Packages.GroupBy(p => p.Ecosystem).Select(g => $"{g.Count()} {g.Key}"));
            await env.Error.WriteLineAsync($"{inventory.Reference}: {os}; packages: {(byEcosystem.Length == 0 ? "none found" : byEcosystem)}").ConfigureAwait(false);
        }
        return await ReportOutput.FinishAsync(result, parsed, _reporting, env, cancellationToken).ConfigureAwait(false);
    }
}
