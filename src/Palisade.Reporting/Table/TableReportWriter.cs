using System.Globalization;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Reporting.Table;

/// <summary>
/// The human report: findings grouped by resource (benchmark controls by section, alerts by tactic), coloured by
/// severity on a terminal, then the inputs' diagnostics and a summary. Each group is laid out and written on its own,
/// as its batch arrives, so the writer is linear in the findings; nothing but the current group is formatted at a time.
/// </summary>
[RegistrationOrder(0)]
public sealed class TableReportWriter : StreamingReportWriter
{
    public override string Format => "table";

    public override IReportStream Open(TextWriter output, ReportOptions options) => new Stream(output, options);

    private sealed class Stream(TextWriter output, ReportOptions options) : IReportStream
    {
        public Task WriteAsync(IReadOnlyList<Finding> findings, bool acrossInputs, CancellationToken cancellationToken)
        {
            var color = options.Color;
            if (acrossInputs)
            {
                // These checks judge each object against the whole set, so their findings are grouped by check, not
                // repeated under every file's heading again.
                foreach (var check in findings.GroupBy(f => f.Check).OrderByDescending(g => g.Key.Severity).ThenBy(g => g.Key.Id.Value, StringComparer.Ordinal))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Heading(output, $"{check.Key.Id.Value}: {check.Key.Title} ({check.Key.Severity.ToSlug()})", color);
                    AcrossTable(check.Key, check).Write(output, options.Width, color);
                }
                return Task.CompletedTask;
            }
            foreach (var group in findings.GroupBy(Group).OrderBy(g => g.Key, ControlOrder.Instance))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Heading(output, group.Key, color);
                var table = group.Any(f => f.Alert is not null) ? AlertsTable(group) : group.Any(f => f.Group is not null) ? ControlsTable(group) : FindingsTable(group);
                table.Write(output, options.Width, color);
            }
            return Task.CompletedTask;
        }

        public Task CompleteAsync(ReportTail tail, CancellationToken cancellationToken)
        {
            var color = options.Color;
            if (options.ShowSuppressed && tail.Suppressed.Count > 0)
            {
                Heading(output, "Suppressed", color);
                var table = new TextTable("Check", "Target", "Reason", "By");
                foreach (var s in tail.Suppressed)
                {
                    table.AddRow(s.Finding.Check.Id.Value, Group(s.Finding), s.Reason, s.Source);
                }
                table.Write(output, options.Width, color);
            }
            if (tail.Diagnostics.Count > 0)
            {
                Heading(output, "Inputs", color);
                foreach (var diagnostic in tail.Diagnostics)
                {
                    var label = diagnostic.Level == DiagnosticLevel.Error ? Styled("error", Ansi.Red, color) : Styled("note", Ansi.Grey, color);
                    output.Write($"{label} {diagnostic}\n");
                }
            }
            output.Write('\n');
            output.Write(SummaryLine(tail.Summary, color));
            output.Write('\n');
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static void Heading(TextWriter output, string title, bool color) =>
        output.Write($"{Styled($"── {title} ──", Ansi.Bold, color)}\n\n");

    private static TextTable FindingsTable(IEnumerable<Finding> findings)
    {
        var table = new TextTable("Severity", "Check", "Line", "Finding");
        foreach (var finding in findings)
        {
            var line = finding.Target.Location is { Line: > 0 } location ? location.Column > 0 ? $"{location.Line}:{location.Column}" : $"{location.Line}" : "";
            table.AddRow(SeverityCell(finding.Severity), finding.Check.Id.Value, line, $"{finding.Message}\n{finding.Check.Remediation}");
        }
        return table;
    }

    /// <summary>The findings of one check over the whole scanned set: where each is, what it says, the fix once.</summary>
    private static TextTable AcrossTable(CheckInfo check, IEnumerable<Finding> findings)
    {
        var table = new TextTable("Where", "Finding") { Caption = check.Remediation };
        foreach (var finding in findings)
        {
            var where = finding.Target.Location is { } location ? location.ToString() : finding.Target.Resource?.ToString() ?? "";
            table.AddRow(where, finding.Message);
        }
        return table;
    }

    /// <summary>Audit results (pass, fail, warn, info) of one benchmark section, like kube-bench's output.</summary>
    private static TextTable ControlsTable(IEnumerable<Finding> findings)
    {
        var table = new TextTable("Status", "Control", "Check", "Result");
        var counts = new Dictionary<FindingStatus, int>();
        foreach (var finding in findings)
        {
            counts[finding.Status] = counts.GetValueOrDefault(finding.Status) + 1;
            var status = finding.Status switch
            {
                FindingStatus.Pass => new Cell("PASS", Ansi.Green),
                FindingStatus.Fail => new Cell("FAIL", Style(finding.Severity)),
                FindingStatus.Warn => new Cell("WARN", Ansi.Yellow),
                _ => new Cell("INFO", Ansi.Grey),
            };
            var where = finding.Target.Location is { } location ? "\n" + location : "";
            table.AddRow(status, finding.Check.Reference(Framework.Cis)?.Control ?? "", finding.Check.Id.Value, $"{finding.Check.Title}\n{finding.Message}{where}");
        }
        table.Caption = $"{counts.GetValueOrDefault(FindingStatus.Pass)} pass, {counts.GetValueOrDefault(FindingStatus.Fail)} fail, {counts.GetValueOrDefault(FindingStatus.Warn)} warn, {counts.GetValueOrDefault(FindingStatus.Info)} info";
        return table;
    }

    /// <summary>Detections from audit logs, in the order they happened: when, how bad, which rule, who, on what, from where.</summary>
    private static TextTable AlertsTable(IEnumerable<Finding> findings)
    {
        var table = new TextTable("Time", "Severity", "Rule", "Identity", "Object", "Source IP", "Alert")
        {
            Caption = "rules are audit.<name>; each alert's file and line are in the JSON and SARIF reports",
        };
        foreach (var finding in findings)
        {
            var alert = finding.Alert;
            var id = finding.Check.Id.Value;
            table.AddRow(ShortTime(alert?.Time), SeverityCell(finding.Severity), id.StartsWith("audit.", StringComparison.Ordinal) ? id["audit.".Length..] : id,
                alert?.User ?? "", finding.Target.Resource?.ToString() ?? "", alert?.SourceIp ?? "", finding.Message);
        }
        return table;
    }

    /// <summary>An RFC 3339 time to the second ("2026-11-30 10:00:09Z"), or the text as given when it is not one.</summary>
    private static string ShortTime(string? time) =>
        time is null ? "" : DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : time;

    /// <summary>Findings are grouped by benchmark section, or by the file and the resource they are on.</summary>
    private static string Group(Finding finding)
    {
        if (finding.Group is { } group)
        {
            return group;
        }
        var file = finding.Target.Location?.File;
        var resource = finding.Target.Resource?.ToString();
        return file is null ? resource ?? "" : resource is null ? file : $"{file} ({resource})";
    }

    private static string SummaryLine(ScanSummary s, bool color) =>
        $"{Styled("Findings:", Ansi.Bold, color)} {Styled($"{s.Critical} critical", Style(Severity.Critical), color)}, {Styled($"{s.High} high", Style(Severity.High), color)}, " +
        $"{Styled($"{s.Medium} medium", Style(Severity.Medium), color)}, {Styled($"{s.Low} low", Style(Severity.Low), color)}, {s.Info} info" +
        $"; {s.Suppressed} suppressed; {(s.Errors > 0 ? Styled($"{s.Errors} input errors", Ansi.Red, color) : "0 input errors")}" +
        (s.Passed + s.Warnings + s.Notes > 0 ? $"; results: {s.Passed} pass, {s.Warnings} warn, {s.Notes} info" : "");

    private static Cell SeverityCell(Severity severity) => new(severity.ToSlug().ToUpperInvariant(), Style(severity));

    private static string Style(Severity severity) => severity switch
    {
        Severity.Critical => Ansi.BoldRed,
        Severity.High => Ansi.Red,
        Severity.Medium => Ansi.Yellow,
        Severity.Low => Ansi.Blue,
        _ => Ansi.Grey,
    };

    private static string Styled(string text, string style, bool color) => color ? Ansi.Wrap(text, style) : text;

    /// <summary>Orders "1.2 API Server" before "1.10 …": numeric parts compare as numbers.</summary>
    private sealed class ControlOrder : IComparer<string>
    {
        public static ControlOrder Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split(' ', 2)[0].Split('.');
            var b = (y ?? "").Split(' ', 2)[0].Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var byPart = int.TryParse(a[i], out var m) && int.TryParse(b[i], out var n) ? m.CompareTo(n) : string.CompareOrdinal(a[i], b[i]);
                if (byPart != 0)
                {
                    return byPart;
                }
            }
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(x, y);
        }
    }
}
