using System.CommandLine;
using Palisade.Core.Findings;
using Palisade.Reporting;

namespace Palisade.Cli.Commands;

/// <summary>The output and gating options every scan command shares.</summary>
public sealed class ReportingOptions
{
    public Option<string> Format { get; } = new("--format", "-f") { Description = "Report format: table, json, sarif, junit", DefaultValueFactory = _ => "table" };
    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the report to this file instead of standard output" };
    public Option<string[]> Severity { get; } = new("--severity", "-s") { Description = "Only report these severities (comma-separated or repeated)", AllowMultipleArgumentsPerToken = true };
    public Option<int?> ExitCode { get; } = new("--exit-code") { Description = "Exit with this code when a finding is at or above --fail-on (default: 0, or 1 when --fail-on is given)" };
    public Option<string?> FailOn { get; } = new("--fail-on") { Description = "Lowest severity that makes --exit-code apply (default: any reported finding)" };
    public Option<string?> IgnoreFile { get; } = new("--ignore-file") { Description = "Suppressions file (default: .palisadeignore.yaml in the working directory)" };
    public Option<string?> Config { get; } = new("--config") { Description = "Config file with defaults for any option (default: .palisade.yaml found upward)" };
    public Option<bool> ShowSuppressed { get; } = new("--show-suppressed") { Description = "List suppressed findings in the report" };
    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress or notices on standard error" };
    public Option<bool> NoColor { get; } = new("--no-color") { Description = "Plain text output without colours" };

    private bool _takesInventory;

    /// <summary>Adds the options; a scan that takes an inventory (<paramref name="takesInventory"/>) also offers the SBOM formats.</summary>
    public void AddTo(Command command, bool takesInventory = false)
    {
        _takesInventory = takesInventory;
        Format.Description = $"Report format: {string.Join(", ", Formats())}";
        foreach (var option in new Option[] { Format, Output, Severity, ExitCode, FailOn, IgnoreFile, Config, ShowSuppressed, Quiet, NoColor })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The writer --format names; an unknown format, or an SBOM for a scan without inventory, is a usage error.</summary>
    public IReportWriter Writer(ParseResult parsed)
    {
        var format = parsed.GetValue(Format) ?? "table";
        var writer = ReportWriters.Find(format);
        if (writer is null || (writer.NeedsInventory && !_takesInventory))
        {
            throw new UsageException($"unknown format '{format}' (use {string.Join(", ", Formats())})");
        }
        return writer;
    }

    private IEnumerable<string> Formats() => ReportWriters.All.Where(w => _takesInventory || !w.NeedsInventory).Select(w => w.Format);

    public IReadOnlySet<Severity> Severities(ParseResult parsed)
    {
        var set = new HashSet<Severity>();
        foreach (var item in (parsed.GetValue(Severity) ?? []).SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            set.Add(ParseSeverity(item, "--severity"));
        }
        return set;
    }

    public (int Code, Severity Threshold)? Gate(ParseResult parsed)
    {
        var failOn = parsed.GetValue(FailOn);
        var exitCode = parsed.GetValue(ExitCode);
        if (exitCode is null && failOn is null)
        {
            return null;
        }
        if (exitCode is < 0 or > 255)
        {
            throw new UsageException("--exit-code must be between 0 and 255");
        }
        return (exitCode ?? ExitCodes.FindingsDefault, failOn is null ? Core.Findings.Severity.Info : ParseSeverity(failOn, "--fail-on"));
    }

    private static Severity ParseSeverity(string text, string option) =>
        SeverityNames.TryParse(text, out var severity)
            ? severity
            : throw new UsageException($"{option}: unknown severity '{text}' (use critical, high, medium, low, info)");
}
