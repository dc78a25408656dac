using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Reporting;
using Palisade.Reporting.CycloneDx;

namespace Palisade.Server.Client;

/// <summary>An inventory as the CycloneDX document client mode sends: packages with purls and source packages, no findings.</summary>
public static class InventorySbom
{
    public static async Task<string> CycloneDxAsync(Inventory inventory, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var text = new StringWriter();
        var result = new ScanResult(new ScanInfo("image", [inventory.Subject], now, TimeSpan.Zero), [], [], []) { Inventory = inventory };
        await new CycloneDxWriter().WriteAsync(result, text, new ReportOptions(ServerInfo.Version), cancellationToken).ConfigureAwait(false);
        return text.ToString();
    }
}
