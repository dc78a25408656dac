using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Images;
using Palisade.Images.Packages;
using Palisade.Reporting.CycloneDx;

namespace Palisade.Cli.Commands;

/// <summary>Writes `scan image --format cyclonedx`: the inventory as an SBOM, with the vulnerabilities found.</summary>
public static class CycloneDxOutput
{
    public static async Task<int> WriteAsync(ImageInventory? inventory, ScanResult result, ParseResult parsed, ReportingOptions reporting, CliEnvironment env, CancellationToken cancellationToken)
    {
        var sbom = inventory is null
            ? new Sbom(result.Scan.Targets[0], null, null, [])
            : new Sbom(inventory.Reference, inventory.OperatingSystem?.Id, inventory.OperatingSystem?.Version,
                [.. inventory.Packages.Select(p => new SbomComponent(p.Name, p.Version, p.Ecosystem)
                {
                    Purl = Purl.For(p, inventory.OperatingSystem),
                    Path = p.Path,
                    Layer = p.Layer,
                    SourcePackage = p.SourceName is { } source && source != p.Name ? source : null,
                    Architecture = p.Architecture,
                })]);
        var outputPath = parsed.GetValue(reporting.Output);
        if (outputPath is null)
        {
            await CycloneDxWriter.WriteAsync(sbom, result, env.Out, ToolVersion.Current, Guid.NewGuid(), cancellationToken).ConfigureAwait(false);
            await env.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var stream = new StreamWriter(Path.GetFullPath(outputPath, env.WorkingDirectory));
            await using (stream.ConfigureAwait(false))
            {
                await CycloneDxWriter.WriteAsync(sbom, result, stream, ToolVersion.Current, Guid.NewGuid(), cancellationToken).ConfigureAwait(false);
            }
        }
        if (!parsed.GetValue(reporting.Quiet))
        {
            foreach (var diagnostic in result.Diagnostics.Where(d => d.Level == DiagnosticLevel.Error))
            {
                await env.Error.WriteLineAsync($"error: {diagnostic}").ConfigureAwait(false);
            }
        }
        return ReportOutput.ExitCode(result, reporting.Gate(parsed));
    }
}
