using Palisade.Core.Findings;
using Spectre.Console;

namespace Palisade.Reporting.Table;

/// <summary>The human report: findings grouped by resource, coloured by severity, then a summary and the diagnostics.</summary>
public sealed class TableReportWriter : IReportWriter
{
    public string Format => "table";

    public Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
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
            console.Write(new Rule($"[bold]{Markup.Escape(group.Key)}[/]").LeftJustified());
            console.Write(group.Any(f => f.Group is not null) ? ControlsTable(group) : FindingsTable(group));
        }
        if (options.ShowSuppressed && result.Suppressed.Count > 0)
        {
            console.Write(new Rule("[bold]Suppressed[/]").LeftJustified());
            var table = new Spectre.Console.Table().Border(TableBorder.Simple).AddColumns("Check", "Target", "Reason", "By");
            foreach (var s in result.Suppressed)
            {
                table.AddRow(Text(s.Finding.Check.Id.Value), Text(Group(s.Finding)), Text(s.Reason), Text(s.Source));
            }
            console.Write(table);
        }
        if (result.Diagnostics.Count > 0)
        {
            console.Write(new Rule("[bold]Inputs[/]").LeftJustified());
            foreach (var diagnostic in result.Diagnostics)
            {
                var label = diagnostic.Level == DiagnosticLevel.Error ? "[red]error[/]" : "[grey]note[/]";
                console.MarkupLine($"{label} {Markup.Escape(diagnostic.ToString())}");
            }
        }
        console.WriteLine();
        console.MarkupLine(SummaryLine(result.Summary));
        return Task.CompletedTask;
    }

    private static Spectre.Console.Table FindingsTable(IEnumerable<Finding> findings)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.Simple).Expand()
            .AddColumn("Severity").AddColumn("Check").AddColumn("Line").AddColumn(new TableColumn("Finding"));
        foreach (var finding in findings)
        {
            var line = finding.Target.Location is { Line: > 0 } location ? $"{location.Line}:{location.Column}" : "";
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
        var table = new Spectre.Console.Table().Border(TableBorder.Simple).Expand()
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
