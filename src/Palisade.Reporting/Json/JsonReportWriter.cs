using System.Text.Encodings.Web;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Reporting.Json;

[RegistrationOrder(1)]
public sealed class JsonReportWriter : IReportWriter
{
    public const int SchemaVersion = 1;

    // Reports are read by people and tools, never embedded in HTML: keep <, >, & and non-ASCII text readable.
    private static readonly JsonReportContext Context = new(new JsonSerializerOptions(JsonReportContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public string Format => "json";

    /// <summary>
    /// Streams the report: each finding is converted and written as it comes, and the text is handed to the output in
    /// blocks, so memory holds one block, not a model and a string of the whole report (84,000 findings: 514 MB before).
    /// The bytes are those a whole <see cref="JsonReport"/> serializes to.
    /// </summary>
    public async Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        var summary = result.Summary;
        await using var json = new StreamedJson(output, Context.Options.Encoder as JavaScriptEncoder);
        var writer = json.Writer;
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WritePropertyName("tool");
        JsonSerializer.Serialize(writer, new JsonTool("palisade", options.ToolVersion), Context.JsonTool);
        writer.WritePropertyName("scan");
        JsonSerializer.Serialize(writer, new JsonScan(result.Scan.Kind, result.Scan.Targets, result.Scan.StartedAt, (long)result.Scan.Duration.TotalMilliseconds), Context.JsonScan);
        writer.WriteStartArray("findings");
        // A check's framework references are the same for each of its findings: built once per check.
        var frameworks = new Dictionary<CheckInfo, JsonFrameworks>(ReferenceEqualityComparer.Instance);
        foreach (var finding in result.Findings)
        {
            JsonSerializer.Serialize(writer, ToJson(finding, frameworks), Context.JsonFinding);
            await json.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("suppressed");
        foreach (var s in result.Suppressed)
        {
            JsonSerializer.Serialize(writer, new JsonSuppressed(ToJson(s.Finding, frameworks), s.Reason, s.Source), Context.JsonSuppressed);
            await json.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("diagnostics");
        foreach (var d in result.Diagnostics)
        {
            JsonSerializer.Serialize(writer, new JsonDiagnostic(d.Source, d.Line, d.Level.ToString().ToLowerInvariant(), d.Message), Context.JsonDiagnostic);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("summary");
        JsonSerializer.Serialize(writer, new JsonSummary(summary.Critical, summary.High, summary.Medium, summary.Low, summary.Info, summary.Passed, summary.Suppressed, summary.Errors, summary.Warnings, summary.Notes), Context.JsonSummary);
        writer.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
    }

    internal static JsonFinding ToJson(Finding finding, Dictionary<CheckInfo, JsonFrameworks> frameworks)
    {
        var check = finding.Check;
        if (!frameworks.TryGetValue(check, out var references))
        {
            frameworks[check] = references = new JsonFrameworks(
                [.. check.Mitre.Select(m => m.Id)],
                check.Reference(Framework.PodSecurityStandards)?.Control,
                FrameworkText.Controls(check, Framework.Cis),
                FrameworkText.Controls(check, Framework.NsaCisa));
        }
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
            references,
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
