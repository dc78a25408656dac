using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Images.Checks;
using Palisade.Images.Sources;
using Palisade.Images.Matching;
using Palisade.Vulnerabilities.Providers;

namespace Palisade.Images;

/// <summary>
/// Scans one image: a single pass over its layers (packages, OS, secrets, setuid files), the configuration checks,
/// and the packages matched against the advisories. An image that cannot be opened is a diagnostic, not an exception.
/// </summary>
public sealed class ImageScanner(Func<IAdvisoryProvider?> openAdvisories, string advisoryLocation, TimeProvider clock) : IScanner<ImageScanRequest>
{
    public string Kind => "image";

    public async Task<ScanOutput> ScanAsync(ImageScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        ImageInventory inventory;
        try
        {
            // The layer pass reads streams synchronously (tar entries one after another): it runs off the caller's thread.
            var opened = await Task.Run(() => ImageOpener.Open(request.Reference, request.WorkingDirectory, request.Registry,
                request.Scanners.HasFlag(ImageScanners.Secrets), cancellationToken), cancellationToken).ConfigureAwait(false);
            inventory = opened.Inventory;
            diagnostics.AddRange(inventory.Problems.Select(p => new Diagnostic(p.Path, p.Line, p.Message, p.IsNotice ? DiagnosticLevel.Notice : DiagnosticLevel.Error)));
            if (request.Scanners.HasFlag(ImageScanners.Configuration))
            {
                var target = new Target(null, new ResourceRef("Image", null, inventory.Reference));
                if (opened.Config is { } config)
                {
                    findings.AddRange(ImageChecks.All.SelectMany(check => check.Evaluate(config).Select(hit => new Finding(check.Info, target, hit.Message, hit.Evidence))));
                }
                findings.AddRange(opened.FileFindings);
            }
            if (request.Scanners.HasFlag(ImageScanners.Secrets))
            {
                findings.AddRange(opened.SecretFindings);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or System.Text.Json.JsonException or HttpRequestException or ImageSourceException)
        {
            return new ScanOutput([], [new Diagnostic(request.Reference, null, ex.Message)]);
        }
        progress.Report(new ScanProgressUpdate(Summary(inventory)));
        if (request.Scanners.HasFlag(ImageScanners.Vulnerabilities))
        {
            var matched = await new InventoryMatcher(openAdvisories, advisoryLocation, clock).MatchAsync(inventory, request.IgnoreUnfixed, request.MaxDatabaseAge, cancellationToken).ConfigureAwait(false);
            findings.AddRange(matched.Findings);
            diagnostics.AddRange(matched.Diagnostics);
        }
        return new ScanOutput(findings, diagnostics) { Inventory = ImageInventories.ToInventory(inventory) };
    }

    private static string Summary(ImageInventory inventory)
    {
        var os = inventory.OperatingSystem is { } o ? $"{o.Id} {o.Version}" : "unknown operating system";
        var byEcosystem = string.Join(", ", inventory.Packages.GroupBy(p => p.Ecosystem).Select(g => $"{g.Count()} {g.Key}"));
        return $"{inventory.Reference}: {os}; packages: {(byEcosystem.Length == 0 ? "none found" : byEcosystem)}";
    }
}
