using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Reporting.Sarif;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one rule per check (help from its remediation),
/// <c>security-severity</c> so GitHub ranks results, unreadable inputs as tool notifications.
/// </summary>
[RegistrationOrder(2)]
public sealed class SarifReportWriter : StreamingReportWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string InformationUri = "https://github.com/palisade-security/palisade";

    private static readonly SarifContext Context = new(new JsonSerializerOptions(SarifContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public override string Format => "sarif";

    /// <summary>
    /// Streamed as the JSON report is: results one by one, text handed over in blocks. The run's <c>tool</c>, whose
    /// rules are the checks that produced a result (numbered as they first appear), follows the results.
    /// </summary>
    public override IReportStream Open(TextWriter output, ReportOptions options) => new Stream(output, options);

    private sealed class Stream : IReportStream
    {
        private readonly StreamedJson _json;
        private readonly TextWriter _output;
        private readonly ReportOptions _options;
        private readonly Dictionary<CheckId, int> _ruleIndex = [];
        private readonly List<CheckInfo> _rules = [];
        // Findings of one file share its URI: escaped once, not once per finding.
        private readonly Dictionary<string, string> _uris = new(StringComparer.Ordinal);

        public Stream(TextWriter output, ReportOptions options)
        {
            _output = output;
            _options = options;
            _json = new StreamedJson(output, Context.Options.Encoder as JavaScriptEncoder);
            var writer = _json.Writer;
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteString("version", "2.1.0");
            writer.WriteStartArray("runs");
            writer.WriteStartObject();
            writer.WriteStartArray("results");
        }

        public async Task WriteAsync(IReadOnlyList<Finding> findings, bool acrossInputs, CancellationToken cancellationToken)
        {
            foreach (var finding in findings)
            {
                if (!_ruleIndex.TryGetValue(finding.Check.Id, out var index))
                {
                    _ruleIndex[finding.Check.Id] = index = _rules.Count;
                    _rules.Add(finding.Check);
                }
                JsonSerializer.Serialize(_json.Writer, Result(finding, index, _uris), Context.SarifResult);
                await _json.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        public async Task CompleteAsync(ReportTail tail, CancellationToken cancellationToken)
        {
            var writer = _json.Writer;
            writer.WriteEndArray();
            writer.WritePropertyName("tool");
            JsonSerializer.Serialize(writer, new SarifTool(new SarifDriver("palisade", _options.ToolVersion, _options.ToolVersion, InformationUri, [.. _rules.Select(Rule)])), Context.SarifTool);
            writer.WritePropertyName("invocations");
            JsonSerializer.Serialize(writer, new[] { new SarifInvocation(!tail.HasInputErrors, [.. tail.Diagnostics.Select(Notification)]) }, Context.SarifInvocationArray);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
            await _output.WriteLineAsync().ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => _json.DisposeAsync();
    }

    private static SarifRule Rule(CheckInfo check)
    {
        var tags = new List<string> { "security" };
        tags.AddRange(check.Mitre.Select(m => "mitre/" + m.Id));
        tags.AddRange(check.Frameworks.Select(f => f.Framework switch
        {
            Framework.PodSecurityStandards => "pss/" + f.Control,
            Framework.Cis => "cis/" + f.Control,
            _ => "nsa-cisa",
        }).Distinct());
        var markdown = new StringBuilder()
            .Append("**").Append(check.Title).Append("**\n\n").Append(check.Description).Append("\n\n**Remediation:** ").Append(check.Remediation)
            .Append("\n\nMITRE ATT&CK: ").Append(string.Join(", ", check.Mitre.Select(m => $"{m.Id} {m.Name}")));
        if (check.Aliases.Count > 0)
        {
            markdown.Append("\n\nAlso known as: ").Append(string.Join(", ", check.Aliases));
        }
        return new SarifRule(
            check.Id.Value,
            PascalCase(check.Id.Value),
            new SarifText(check.Title),
            new SarifText(check.Description),
            new SarifMarkdown($"{check.Description} Remediation: {check.Remediation}", markdown.ToString()),
            new SarifConfiguration(Level(check.Severity)),
            new SarifRuleProperties(tags, SecuritySeverity(check.Severity), "high", ProblemSeverity(check.Severity)));
    }

    private static SarifResult Result(Finding finding, int ruleIndex, Dictionary<string, string> uris)
    {
        var location = finding.Target.Location;
        if (location is not null && !uris.TryGetValue(location.File, out _))
        {
            uris[location.File] = Uri(location.File);
        }
        var physical = location is null ? null : new SarifPhysicalLocation(
            new SarifArtifactLocation(uris[location.File]),
            location.Line > 0 ? new SarifRegion(location.Line, location.Column > 0 ? location.Column : null) : null);
        var logical = finding.Target.Resource is { } resource
            ? new[] { new SarifLogicalLocation(finding.Target.Container is null ? resource.ToString() : $"{resource}/{finding.Target.Container}", "object") }
            : null;
        var message = finding.Evidence is null ? finding.Message : $"{finding.Message} ({finding.Evidence})";
        // Audits report passes and notes too: SARIF's result kinds keep them out of the alert list.
        var (kind, level) = finding.Status switch
        {
            FindingStatus.Pass => ("pass", "none"),
            FindingStatus.Warn => ("review", "none"),
            FindingStatus.Info => ("notApplicable", "none"),
            _ => ("fail", Level(finding.Severity)),
        };
        return new SarifResult(finding.Check.Id.Value, ruleIndex, kind, level, new SarifText(message),
            [new SarifLocation(physical, logical)],
            new SarifFingerprints(Fingerprint(finding)));
    }

    private static SarifNotification Notification(Diagnostic diagnostic) => new(
        diagnostic.Level == DiagnosticLevel.Error ? "error" : "note",
        new SarifText(diagnostic.Message),
        [new SarifLocation(new SarifPhysicalLocation(new SarifArtifactLocation(Uri(diagnostic.Source)), diagnostic.Line is > 0 ? new SarifRegion(diagnostic.Line.Value, null) : null), null)]);

    /// <summary>Stable across runs and line shifts: check, resource, container and message, not the line.</summary>
    private static string Fingerprint(Finding finding)
    {
        var key = $"{finding.Check.Id}|{finding.Target.Location?.File}|{finding.Target.Resource}|{finding.Target.Container}|{finding.Message}";
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = length <= 1024 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> bytes = rented ?? stackalloc byte[1024];
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(key, bytes)], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>A relative URI reference with forward slashes and escaped segments, as SARIF requires.</summary>
    internal static string Uri(string path) =>
        string.Join('/', path.Replace('\\', '/').Split('/').Select(System.Uri.EscapeDataString));

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    private static string ProblemSeverity(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "recommendation",
    };

    // GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9) and low (0.1-3.9).
    private static string SecuritySeverity(Severity severity) => (severity switch
    {
        Severity.Critical => 9.5,
        Severity.High => 8.0,
        Severity.Medium => 5.5,
        Severity.Low => 3.0,
        _ => 0.0,
    }).ToString("0.0", CultureInfo.InvariantCulture);

    private static string PascalCase(string id) =>
        string.Concat(id.Split('.', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
