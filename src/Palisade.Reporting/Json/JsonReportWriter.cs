using System.Text.Encodings.Web;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Reporting.Json;

[RegistrationOrder(1)]
public sealed class JsonReportWriter : StreamingReportWriter
{
    public const int SchemaVersion = 1;

    // Reports are read by people and tools, never embedded in HTML: keep <, >, & and non-ASCII text readable.
    private static readonly JsonReportContext Context = new(new JsonSerializerOptions(JsonReportContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public override string Format => "json";

    /// <summary>
    /// Streams the report: each finding is converted and written as it comes, and the text is handed to the output in
    /// blocks, so memory holds one block, not a model and a string of the whole report (84,000 findings: 514 MB before).
    /// What is known only at the end (the scan's duration, diagnostics, the summary) follows the findings.
    /// </summary>
    public override IReportStream Open(TextWriter output, ReportOptions options) => new Stream(output, options);

    private sealed class Stream : IReportStream
    {
        private readonly StreamedJson _json;
        private readonly TextWriter _output;
        // A check's framework references are the same for each of its findings: built once per check.
        private readonly Dictionary<CheckInfo, JsonFrameworks> _frameworks = new(ReferenceEqualityComparer.Instance);

        public Stream(TextWriter output, ReportOptions options)
        {
            _output = output;
            _json = new StreamedJson(output, Context.Options.Encoder as JavaScriptEncoder);
            var writer = _json.Writer;
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", SchemaVersion);
            writer.WritePropertyName("tool");
            JsonSerializer.Serialize(writer, new JsonTool("palisade", options.ToolVersion), Context.JsonTool);
            writer.WriteStartArray("findings");
        }

        public async Task WriteAsync(IReadOnlyList<Finding> findings, bool acrossInputs, CancellationToken cancellationToken)
        {
            foreach (var finding in findings)
            {
                JsonSerializer.Serialize(_json.Writer, ToJson(finding, _frameworks), Context.JsonFinding);
                await _json.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task CompleteAsync(ReportTail tail, CancellationToken cancellationToken)
        {
            var writer = _json.Writer;
            writer.WriteEndArray();
            writer.WriteStartArray("suppressed");
            foreach (var s in tail.Suppressed)
            {
                JsonSerializer.Serialize(writer, new JsonSuppressed(ToJson(s.Finding, _frameworks), s.Reason, s.Source), Context.JsonSuppressed);
                await _json.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
            writer.WriteEndArray();
            writer.WriteStartArray("diagnostics");
            foreach (var d in tail.Diagnostics)
            {
                JsonSerializer.Serialize(writer, new JsonDiagnostic(d.Source, d.Line, d.Level.ToString().ToLowerInvariant(), d.Message), Context.JsonDiagnostic);
            }
            writer.WriteEndArray();
            writer.WritePropertyName("scan");
            var scan = tail.Scan;
            JsonSerializer.Serialize(writer, new JsonScan(scan.Kind, scan.Targets, scan.StartedAt, (long)scan.Duration.TotalMilliseconds), Context.JsonScan);
            writer.WritePropertyName("summary");
            var summary = tail.Summary;
            JsonSerializer.Serialize(writer, new JsonSummary(summary.Critical, summary.High, summary.Medium, summary.Low, summary.Info, summary.Passed, summary.Suppressed, summary.Errors, summary.Warnings, summary.Notes), Context.JsonSummary);
            writer.WriteEndObject();
            await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _output.WriteLineAsync().ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => _json.DisposeAsync();
    }

    /// <summary>One finding as the report's findings[] element (compact), for stores that keep findings one by one.</summary>
    public static string Serialize(Finding finding) =>
        JsonSerializer.Serialize(ToJson(finding, new Dictionary<CheckInfo, JsonFrameworks>(ReferenceEqualityComparer.Instance)), CompactContext.JsonFinding);

    private static readonly JsonReportContext CompactContext = new(new JsonSerializerOptions(Context.Options) { WriteIndented = false });

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
