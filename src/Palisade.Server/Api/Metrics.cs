using System.Globalization;
using System.Text;
using Palisade.Server.Notifications;
using Palisade.Server.Storage;
using Palisade.Server.Work;

namespace Palisade.Server.Api;

/// <summary>
/// Prometheus text exposition, read from the database at scrape time so every replica reports the same totals and a
/// restart loses nothing: finished scans by kind and outcome, queue depth, findings by severity, stored images,
/// pending notifications, advisory age.
/// </summary>
internal sealed class Metrics(ScanStore scans, FindingStore findings, ImageStore images, Rematcher rematcher, ScanWorkers workers, NotificationSpooler notifications, TimeProvider clock)
{
    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var counts = await scans.CountsAsync(cancellationToken).ConfigureAwait(false);
        // Finished scans are never deleted, so their counts only grow: counters. Queued and running are gauges.
        Family(text, "palisade_scans_finished_total", "counter", "Scans finished, by kind and outcome (done or failed).");
        foreach (var (kind, status, count) in counts.Where(c => c.Status is "done" or "failed"))
        {
            text.Append(CultureInfo.InvariantCulture, $"palisade_scans_finished_total{{kind=\"{kind}\",outcome=\"{status}\"}} {count}\n");
        }
        Family(text, "palisade_queue_depth", "gauge", "Scans waiting for a worker.");
        text.Append(CultureInfo.InvariantCulture, $"palisade_queue_depth {counts.Where(c => c.Status == "queued").Sum(c => c.Count)}\n");
        Family(text, "palisade_scans_running", "gauge", "Scans this server is running now.");
        text.Append(CultureInfo.InvariantCulture, $"palisade_scans_running {workers.Running}\n");
        Family(text, "palisade_findings", "gauge", "Findings of finished scans, by severity.");
        foreach (var (severity, count) in await findings.CountsAsync(cancellationToken).ConfigureAwait(false))
        {
            text.Append(CultureInfo.InvariantCulture, $"palisade_findings{{severity=\"{severity}\"}} {count}\n");
        }
        Family(text, "palisade_images", "gauge", "Image inventories stored for re-matching.");
        text.Append(CultureInfo.InvariantCulture, $"palisade_images {await images.CountAsync(cancellationToken).ConfigureAwait(false)}\n");
        Family(text, "palisade_notifications_pending", "gauge", "Notifications spooled and not yet delivered.");
        text.Append(CultureInfo.InvariantCulture, $"palisade_notifications_pending {notifications.Pending}\n");
        if (rematcher.DatabaseUpdatedAt() is { } updated)
        {
            Family(text, "palisade_vulnerability_db_age_seconds", "gauge", "Seconds since the advisory database was last updated.");
            text.Append(CultureInfo.InvariantCulture, $"palisade_vulnerability_db_age_seconds {(long)(clock.GetUtcNow() - updated).TotalSeconds}\n");
        }
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
}
