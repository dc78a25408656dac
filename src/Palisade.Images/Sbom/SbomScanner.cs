using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Images.Matching;
using Palisade.Vulnerabilities.Providers;

namespace Palisade.Images.Sbom;

/// <summary>An SBOM scan: a CycloneDX or SPDX file (or its bytes) read into an inventory and matched like an image's.</summary>
public sealed record SbomScanRequest(string DisplayName, Func<Stream> Open)
{
    public bool IgnoreUnfixed { get; init; }

    public TimeSpan MaxDatabaseAge { get; init; } = TimeSpan.FromDays(7);
}

/// <summary>Scans a software bill of materials: no image is opened, only the packages it lists are matched.</summary>
public sealed class SbomScanner(Func<IAdvisoryProvider?> openAdvisories, string advisoryLocation, TimeProvider clock) : IScanner<SbomScanRequest>
{
    public string Kind => "sbom";

    public async Task<ScanOutput> ScanAsync(SbomScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        ImageInventory inventory;
        try
        {
            await using var stream = request.Open();
            inventory = await SbomReader.ReadAsync(stream, request.DisplayName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return ScanOutput.Failed(request.DisplayName, ex is InvalidDataException ? ex.Message : $"cannot read: {ex.Message}");
        }
        var os = inventory.OperatingSystem is { } o ? $"{o.Id} {o.Version}" : "no operating system named";
        progress.Report(new ScanProgressUpdate($"{request.DisplayName}: {inventory.Packages.Count} packages, {os}"));
        var matched = await new InventoryMatcher(openAdvisories, advisoryLocation, clock).MatchAsync(inventory, request.IgnoreUnfixed, request.MaxDatabaseAge, cancellationToken).ConfigureAwait(false);
        var diagnostics = inventory.Problems.Select(p => new Diagnostic(p.Path, p.Line, p.Message, p.IsNotice ? DiagnosticLevel.Notice : DiagnosticLevel.Error)).Concat(matched.Diagnostics).ToList();
        return new ScanOutput(matched.Findings, diagnostics) { Inventory = ImageInventories.ToInventory(inventory) };
    }
}
