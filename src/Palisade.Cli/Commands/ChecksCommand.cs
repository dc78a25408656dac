using System.CommandLine;
using Palisade.Core.Catalog;
using Palisade.Reporting.Catalog;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade checks list|show</c>: the catalogue, from the metadata the scanners use.</summary>
public sealed class ChecksCommand(CheckRegistry registry)
{
    public Command Build(CliEnvironment env)
    {
        var format = new Option<string>("--format", "-f") { Description = "table, json or markdown (the docs/checks.md reference)", DefaultValueFactory = _ => "table" };
        var list = new Command("list", "List every check with its severity, MITRE techniques and aliases");
        list.Options.Add(format);
        list.SetAction(parsed =>
        {
            var catalog = registry.Catalog;
            switch (parsed.GetValue(format))
            {
                case "json":
                    env.Out.WriteLine(CatalogJson.Serialize(catalog.All));
                    break;
                case "table":
                    CatalogTable.WriteList(catalog.All, env.Out, color: env.OutputIsTerminal);
                    break;
                case "markdown":
                    env.Out.Write(CatalogMarkdown.Write(catalog.All));
                    break;
                default:
                    throw new UsageException($"unknown format '{parsed.GetValue(format)}' (use table, json or markdown)");
            }
            return ExitCodes.Success;
        });

        var id = new Argument<string>("id") { Description = "Check id, alias or CIS control number (e.g. pod.privileged, KSV017, C-0057, 1.2.1)" };
        var showFormat = new Option<string>("--format", "-f") { Description = "table or json", DefaultValueFactory = _ => "table" };
        var show = new Command("show", "Show one check in full");
        show.Arguments.Add(id);
        show.Options.Add(showFormat);
        show.SetAction(parsed =>
        {
            var catalog = registry.Catalog;
            var found = catalog.FindAll(parsed.GetValue(id) ?? "");
            if (found.Count == 0)
            {
                throw new UsageException($"unknown check '{parsed.GetValue(id)}' (see 'palisade checks list')");
            }
            if (parsed.GetValue(showFormat) == "json")
            {
                env.Out.WriteLine(found.Count == 1 ? CatalogJson.Serialize(found[0]) : CatalogJson.Serialize(found));
                return ExitCodes.Success;
            }
            foreach (var check in found)
            {
                CatalogTable.WriteOne(check, env.Out, color: env.OutputIsTerminal);
            }
            return ExitCodes.Success;
        });

        var checks = new Command("checks", "The check catalogue");
        checks.Subcommands.Add(list);
        checks.Subcommands.Add(show);
        return checks;
    }
}
