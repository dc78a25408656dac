using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Vulnerabilities.Providers;

namespace Palisade.Images.Matching;

/// <summary>
/// Matches an inventory (from an image's layers or an SBOM) against the advisory database, saying so when there is
/// no database or an old one: the one place image scans, SBOM scans and the server's re-matching meet advisories.
/// </summary>
public sealed class InventoryMatcher(Func<IAdvisoryProvider?> openAdvisories, string advisoryLocation, TimeProvider clock)
{
    public async Task<ScanOutput> MatchAsync(ImageInventory inventory, bool ignoreUnfixed, TimeSpan maxDatabaseAge, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        using var advisories = openAdvisories();
        if (advisories is null)
        {
            // A scan that could not look must not pass a CI gate: this is an error (exit 3), not a note.
            diagnostics.Add(new Diagnostic(advisoryLocation, null, "no vulnerability database: packages were not matched; run `palisade db update` or `palisade db import`, or leave vuln out of --scanners"));
            return new ScanOutput([], diagnostics);
        }
        if (advisories.UpdatedAt is not { } updated || clock.GetUtcNow() - updated > maxDatabaseAge)
        {
            var age = advisories.UpdatedAt is { } u ? AdvisoryAge.Describe(clock.GetUtcNow() - u) + " old" : "empty";
            diagnostics.Add(new Diagnostic(advisories.Location, null, $"vulnerability database is {age} (over {maxDatabaseAge.TotalDays:0} days); results may miss recent advisories", DiagnosticLevel.Notice));
        }
        var outcome = await ImageVulnerabilityScan.MatchAsync(inventory, advisories, new ImageVulnerabilityScan.Options(ignoreUnfixed), cancellationToken).ConfigureAwait(false);
        diagnostics.AddRange(outcome.Notes.Select(n => new Diagnostic(inventory.Reference, null, n, DiagnosticLevel.Notice)));
        diagnostics.AddRange(outcome.Problems.Select(p => new Diagnostic(p.Path, p.Line, p.Message, DiagnosticLevel.Notice)));
        return new ScanOutput(outcome.Findings, diagnostics);
    }
}
