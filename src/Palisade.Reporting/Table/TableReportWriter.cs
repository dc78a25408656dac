using Palisade.Core.Findings;
using Spectre.Console;

namespace Palisade.Reporting.Table;

/// <summary>The human report: findings grouped by resource, coloured by severity, then a summary and the diagnostics.</summary>
public sealed class TableReportWriter : IReportWriter
{
    public string Format => "table";

    public Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        if (options.Color)
        {
            Write(result, output, options);
            return Task.CompletedTask;
        }
        using var trimmed = new TrailingSpaceTrimmer(output);
        Write(result, trimmed, options);
        trimmed.Flush();
        return Task.CompletedTask;
    }

    private static void Write(ScanResult result, TextWriter output, ReportOptions options)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = options.Color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = options.Color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        if (!options.Color)
        {
            console.Profile.Width = options.Width;
        }
        foreach (var group in result.Findings.GroupBy(Group).OrderBy(g => g.Key, ControlOrder.Instance))
        {
            Heading(console, group.Key, options);
            var table = group.Any(f => f.Alert is not null) ? AlertsTable(group) : group.Any(f => f.Group is not null) ? ControlsTable(group) : FindingsTable(group);
            // On a terminal the table fills the width; piped, it is as wide as its content needs.
            console.Write(options.Color ? table.Expand() : table);
        }
        if (options.ShowSuppressed && result.Suppressed.Count > 0)
        {
            Heading(console, "Suppressed", options);
            var table = new Spectre.Console.Table().Border(TableBorder.Simple).AddColumns("Check", "Target", "Reason", "By");
            foreach (var s in result.Suppressed)
            {
                table.AddRow(Text(s.Finding.Check.Id.Value), Text(Group(s.Finding)), Text(s.Reason), Text(s.Source));
            }
            console.Write(table);
        }
        if (result.Diagnostics.Count > 0)
        {
            Heading(console, "Inputs", options);
            foreach (var diagnostic in result.Diagnostics)
            {
                var label = diagnostic.Level == DiagnosticLevel.Error ? "[red]error[/]" : "[grey]note[/]";
                console.MarkupLine($"{label} {Markup.Escape(diagnostic.ToString())}");
            }
        }
        console.WriteLine();
        console.MarkupLine(SummaryLine(result.Summary));
    }

    /// <summary>A section heading: a rule across a terminal, a short line when piped (no padding to the width).</summary>
    private static void Heading(IAnsiConsole console, string title, ReportOptions options)
    {
        if (options.Color)
        {
            console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
        }
        else
        {
            console.WriteLine($"── {title} ──");
        }
    }

    private static Spectre.Console.Table FindingsTable(IEnumerable<Finding> findings)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Simple)
            .AddColumn("Severity").AddColumn("Check").AddColumn("Line").AddColumn(new TableColumn("Finding"));
        foreach (var finding in findings)
        {
            var line = finding.Target.Location is { Line: > 0 } location ? location.Column > 0 ? $"{location.Line}:{location.Column}" : $"{location.Line}" : "";
            table.AddRow(
                new Markup($"[{Colour(finding.Severity)}]{finding.Severity.ToSlug().ToUpperInvariant()}[/]"),
                Text(finding.Check.Id.Value),
                Text(line),
                new Rows(Text(finding.Message), new Markup($"[grey]{Markup.Escape(finding.Check.Remediation)}[/]")));
        }
        return table;
    }

    /// <summary>Audit results (pass, fail, warn, info) of one benchmark section, like kube-bench's output.</summary>
    private static Spectre.Console.Table ControlsTable(IEnumerable<Finding> findings)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Simple)
            .AddColumn("Status").AddColumn("Control").AddColumn("Check").AddColumn(new TableColumn("Result"));
        foreach (var finding in findings)
        {
            var control = finding.Check.Reference(Framework.Cis)?.Control ?? "";
            var status = finding.Status switch
            {
                FindingStatus.Pass => "[green]PASS[/]",
                FindingStatus.Fail => $"[{Colour(finding.Severity)}]FAIL[/]",
                FindingStatus.Warn => "[yellow]WARN[/]",
                _ => "[grey]INFO[/]",
            };
            var where = finding.Target.Location is { } location ? $"[grey]{Markup.Escape(location.ToString())}[/]" : "";
            table.AddRow(new Markup(status), Text(control), Text(finding.Check.Id.Value),
                new Rows(Text(finding.Check.Title), Text(finding.Message), new Markup(where)));
        }
        var counts = findings.GroupBy(f => f.Status).ToDictionary(g => g.Key, g => g.Count());
        table.Caption($"{counts.GetValueOrDefault(FindingStatus.Pass)} pass, {counts.GetValueOrDefault(FindingStatus.Fail)} fail, {counts.GetValueOrDefault(FindingStatus.Warn)} warn, {counts.GetValueOrDefault(FindingStatus.Info)} info");
        return table;
    }

    /// <summary>Detections from audit logs, in the order they happened: when, how bad, which rule, who, on what, from where.</summary>
    private static Spectre.Console.Table AlertsTable(IEnumerable<Finding> findings)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Simple)
            .AddColumn(new TableColumn("Time").NoWrap()).AddColumn(new TableColumn("Severity").NoWrap()).AddColumn(new TableColumn("Rule").NoWrap())
            .AddColumn("Identity").AddColumn("Object").AddColumn(new TableColumn("Source IP").NoWrap()).AddColumn(new TableColumn("Alert"));
        foreach (var finding in findings)
        {
            var alert = finding.Alert;
            table.AddRow(
                Text(ShortTime(alert?.Time)),
                new Markup($"[{Colour(finding.Severity)}]{finding.Severity.ToSlug().ToUpperInvariant()}[/]"),
                Text(finding.Check.Id.Value.StartsWith("audit.", StringComparison.Ordinal) ? finding.Check.Id.Value["audit.".Length..] : finding.Check.Id.Value),
                Text(alert?.User ?? ""),
                Text(finding.Target.Resource?.ToString() ?? ""),
                Text(alert?.SourceIp ?? ""),
                Text(finding.Message));
        }
        table.Caption("rules are audit.<name>; each alert's file and line are in the JSON and SARIF reports");
        return table;
    }

    /// <summary>An RFC 3339 time to the second ("2026-11-30 10:00:09Z"), or the text as given when it is not one.</summary>
    private static string ShortTime(string? time) =>
        time is null ? "" : DateTimeOffset.TryParse(time, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : time;

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

    private static string SummaryLine(ScanSummary s) =>
        $"[bold]Findings:[/] [{Colour(Severity.Critical)}]{s.Critical} critical[/], [{Colour(Severity.High)}]{s.High} high[/], " +
        $"[{Colour(Severity.Medium)}]{s.Medium} medium[/], [{Colour(Severity.Low)}]{s.Low} low[/], {s.Info} info" +
        $"; {s.Suppressed} suppressed; {(s.Errors > 0 ? $"[red]{s.Errors} input errors[/]" : "0 input errors")}" +
        (s.Passed + s.Warnings + s.Notes > 0 ? $"; results: {s.Passed} pass, {s.Warnings} warn, {s.Notes} info" : "");

    private static string Colour(Severity severity) => severity switch
    {
        Severity.Critical => "bold red",
        Severity.High => "red",
        Severity.Medium => "yellow",
        Severity.Low => "blue",
        _ => "grey",
    };

    private static Text Text(string text) => new(text);

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
