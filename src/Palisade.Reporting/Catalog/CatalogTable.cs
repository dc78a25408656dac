using Palisade.Core.Findings;
using Spectre.Console;

namespace Palisade.Reporting.Catalog;

/// <summary>The check catalogue for people: a table of all checks, or one check in full.</summary>
public static class CatalogTable
{
    public static void WriteList(IEnumerable<CheckInfo> checks, TextWriter output, bool color)
    {
        var console = Console(output, color);
        var table = new Spectre.Console.Table().Border(TableBorder.Simple).AddColumns("ID", "Severity", "Title", "MITRE", "Aliases");
        foreach (var c in checks)
        {
            table.AddRow(
                new Text(c.Id.Value), new Text(c.Severity.ToSlug()), new Text(c.Title),
                new Text(string.Join(", ", c.Mitre.Select(m => m.Id))), new Text(string.Join(", ", c.Aliases)));
        }
        console.Write(table);
    }

    public static void WriteOne(CheckInfo c, TextWriter output, bool color)
    {
        var console = Console(output, color);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string label, string value) => grid.AddRow(new Markup($"[bold]{label}[/]"), new Text(value));
        Row("ID", c.Id.Value);
        Row("Title", c.Title);
        Row("Severity", c.Severity.ToSlug());
        Row("Description", c.Description);
        Row("Remediation", c.Remediation);
        Row("MITRE ATT&CK", string.Join(", ", c.Mitre.Select(m => $"{m.Id} ({m.Name})")));
        foreach (var f in c.Frameworks)
        {
            Row(f.Framework switch { Framework.PodSecurityStandards => "Pod Security", Framework.Cis => "CIS", _ => "NSA/CISA" }, f.Control);
        }
        if (c.Aliases.Count > 0)
        {
            Row("Aliases", string.Join(", ", c.Aliases));
        }
        console.Write(grid);
    }

    private static IAnsiConsole Console(TextWriter output, bool color)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
            Interactive = InteractionSupport.No,
        });
        if (!color)
        {
            console.Profile.Width = 200;
        }
        return console;
    }
}
