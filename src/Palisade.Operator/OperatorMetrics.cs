using System.Globalization;
using System.Net;
using System.Text;
using Palisade.Operator.Images;
using Palisade.Operator.Leadership;
using Palisade.Operator.Reports;
using Palisade.Operator.Watching;

namespace Palisade.Operator;

/// <summary>
/// What the operator counts, in the Prometheus text format: findings by severity and namespace (from the reports as
/// written), reports written and failed, image scans queued, running and failed, Jobs created, watch restarts and
/// failures by resource, and whether this replica leads. Every event is also a structured log line.
/// </summary>
public sealed class OperatorMetrics(OperatorLog log, Func<(int Queued, int Running, int Failed)>? scans = null)
    : IWatchObserver, IReportObserver, IImageScanObserver, ILeadershipObserver
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Namespace, IReadOnlyDictionary<string, int> Failures)> _reports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private bool _leading;

    public bool Leading
    {
        get
        {
            lock (_gate)
            {
                return _leading;
            }
        }
    }

    public void Restarted(WatchedResource resource, string reason)
    {
        Count($"palisade_operator_watch_restarts_total{{resource=\"{resource.Resource}\"}}");
        log.Info("watch restarted", ("resource", resource.Resource), ("reason", reason));
    }

    public void Failed(WatchedResource resource, string reason)
    {
        Count($"palisade_operator_watch_failures_total{{resource=\"{resource.Resource}\"}}");
        log.Warn("watch failed", ("resource", resource.Resource), ("reason", reason));
    }

    public void ReportWritten(string @namespace, string report, HttpStatusCode status, IReadOnlyDictionary<string, int> failures)
    {
        var ok = status is HttpStatusCode.OK or HttpStatusCode.Created;
        Count(ok ? "palisade_operator_reports_written_total" : "palisade_operator_report_write_failures_total");
        if (ok)
        {
            lock (_gate)
            {
                _reports[report] = (@namespace, failures);
            }
            log.Info("report written", ("report", report), ("failures", failures.Values.Sum().ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            log.Warn("report not written", ("report", report), ("status", ((int)status).ToString(CultureInfo.InvariantCulture)));
        }
    }

    public void ReportDeleted(string @namespace, string report, HttpStatusCode status)
    {
        lock (_gate)
        {
            _reports.Remove(report);
        }
        log.Info("report deleted", ("report", report));
    }

    public void JobCreated(string job, HttpStatusCode status)
    {
        Count("palisade_operator_scan_jobs_created_total");
        log.Info("scan job created", ("job", job), ("status", ((int)status).ToString(CultureInfo.InvariantCulture)));
    }

    public void ScanRetrying(string digest, int attempts, TimeSpan wait)
    {
        Count("palisade_operator_scan_retries_total");
        log.Warn("image scan failed; retrying", ("digest", digest), ("attempts", attempts.ToString(CultureInfo.InvariantCulture)), ("wait", wait.ToString()));
    }

    public void ScanFinished(string digest, ImageScanStatus status)
    {
        Count($"palisade_operator_scans_finished_total{{outcome=\"{status.ToString().ToLowerInvariant()}\"}}");
        log.Info("image scan finished", ("digest", digest), ("outcome", status.ToString().ToLowerInvariant()));
    }

    public void Elected(string identity)
    {
        lock (_gate)
        {
            _leading = true;
        }
        Count("palisade_operator_leadership_changes_total");
        log.Info("leading", ("identity", identity));
    }

    public void Deposed(string identity)
    {
        lock (_gate)
        {
            _leading = false;
        }
        log.Info("no longer leading", ("identity", identity));
    }

    public string Render()
    {
        var text = new StringBuilder();
        lock (_gate)
        {
            text.AppendLine("# TYPE palisade_operator_findings gauge");
            foreach (var group in _reports.Values.SelectMany(r => r.Failures.Select(f => (r.Namespace, Severity: f.Key, f.Value))).GroupBy(x => (x.Namespace, x.Severity)).OrderBy(g => g.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $"palisade_operator_findings{{namespace=\"{group.Key.Namespace}\",severity=\"{group.Key.Severity}\"}} {group.Sum(x => x.Value)}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"# TYPE palisade_operator_reports gauge\npalisade_operator_reports {_reports.Count}\n");
            text.Append(CultureInfo.InvariantCulture, $"# TYPE palisade_operator_leader gauge\npalisade_operator_leader {(_leading ? 1 : 0)}\n");
            foreach (var (name, value) in _counters.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
            }
        }
        if (scans?.Invoke() is var (queued, running, failed))
        {
            text.Append(CultureInfo.InvariantCulture, $"# TYPE palisade_operator_scans gauge\npalisade_operator_scans{{state=\"queued\"}} {queued}\npalisade_operator_scans{{state=\"running\"}} {running}\npalisade_operator_scans{{state=\"failed\"}} {failed}\n");
        }
        return text.ToString();
    }

    private void Count(string name)
    {
        lock (_gate)
        {
            _counters[name] = _counters.GetValueOrDefault(name) + 1;
        }
    }
}
