using System.Text.Encodings.Web;
using System.Text.Json;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Json;

public sealed class JsonReportWriter : IReportWriter
{
    public const int SchemaVersion = 1;

    // Reports are read by people and tools, never embedded in HTML: keep <, >, & and non-ASCII text readable.
    private static readonly JsonReportContext Context = new(new JsonSerializerOptions(JsonReportContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public string Format => "json";

    public async Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        var summary = result.Summary;
        var report = new JsonReport(
            SchemaVersion,
            new JsonTool("palisade", options.ToolVersion),
            new JsonScan(result.Scan.Kind, result.Scan.Targets, result.Scan.StartedAt, (long)result.Scan.Duration.TotalMilliseconds),
            [.. result.Findings.Select(ToJson)],
            [.. result.Suppressed.Select(s => new JsonSuppressed(ToJson(s.Finding), s.Reason, s.Source))],
            [.. result.Diagnostics.Select(d => new JsonDiagnostic(d.Source, d.Line, d.Level.ToString().ToLowerInvariant(), d.Message))],
            new JsonSummary(summary.Critical, summary.High, summary.Medium, summary.Low, summary.Info, summary.Passed, summary.Suppressed, summary.Errors, summary.Warnings, summary.Notes));
        await output.WriteAsync(JsonSerializer.Serialize(report, Context.JsonReport).AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
    }

    internal static JsonFinding ToJson(Finding finding)
    {
        var check = finding.Check;
        var location = finding.Target.Location;
        var resource = finding.Target.Resource;
        return new JsonFinding(
            check.Id.Value,
            check.Title,
            check.Severity.ToSlug(),
            FrameworkText.Status(finding.Status),
            finding.Message,
            new JsonTarget(location?.File, location is { Line: > 0 } ? location.Line : null, location is { Column: > 0 } ? location.Column : null,
                resource?.Kind, resource?.Namespace, resource?.Name, finding.Target.Container, finding.Target.Layer),
            new JsonFrameworks(
                [.. check.Mitre.Select(m => m.Id)],
                check.Reference(Framework.PodSecurityStandards)?.Control,
                FrameworkText.Controls(check, Framework.Cis),
                FrameworkText.Controls(check, Framework.NsaCisa)),
            check.Aliases,
            finding.Evidence,
            check.Remediation,
            finding.Group is null ? null : check.Reference(Framework.Cis)?.Control,
            finding.Group,
            finding.Vulnerability is { } v
                ? new JsonVulnerability(v.Id, v.Aliases, v.Package, v.Ecosystem, v.InstalledVersion, v.FixedVersion, v.Status, v.DataSource, v.SeveritySource, v.Severities, v.Purl, v.KnownExploited, v.Epss)
                : null,
            finding.Alert is { } a ? new JsonAlert(a.Time, a.User, a.SourceIp, a.Verb, a.AuditId) : null);
    }
}
