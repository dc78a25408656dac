namespace Palisade.Reporting.Json;

// The JSON report, schema version 1 (docs/json-report.md, docs/schema/report-v1.schema.json).
// Changing a field's meaning or removing one requires a new schema version.

internal sealed record JsonReport(
    int SchemaVersion,
    JsonTool Tool,
    JsonScan Scan,
    IReadOnlyList<JsonFinding> Findings,
    IReadOnlyList<JsonSuppressed> Suppressed,
    IReadOnlyList<JsonDiagnostic> Diagnostics,
    JsonSummary Summary);

internal sealed record JsonTool(string Name, string Version);

internal sealed record JsonScan(string Kind, IReadOnlyList<string> Targets, DateTimeOffset StartedAt, long DurationMs);

internal sealed record JsonFinding(
    string Check,
    string Title,
    string Severity,
    string Status,
    string Message,
    JsonTarget Target,
    JsonFrameworks Frameworks,
    IReadOnlyList<string> Aliases,
    string? Evidence,
    string Remediation,
    string? Control,
    string? Group,
    JsonVulnerability? Vulnerability,
    JsonAlert? Alert);

internal sealed record JsonAlert(string? Time, string? User, string? SourceIp, string? Verb, string? AuditId);

internal sealed record JsonTarget(string? File, int? Line, int? Column, string? Kind, string? Namespace, string? Name, string? Container, string? Layer);

internal sealed record JsonVulnerability(
    string Id,
    IReadOnlyList<string> Aliases,
    string Package,
    string Ecosystem,
    string InstalledVersion,
    string? FixedVersion,
    string Status,
    string DataSource,
    string SeveritySource,
    IReadOnlyList<string> Severities,
    string? Purl,
    bool KnownExploited,
    double? Epss);

internal sealed record JsonFrameworks(IReadOnlyList<string> Mitre, string? Pss, IReadOnlyList<string> Cis, IReadOnlyList<string> Nsa);

internal sealed record JsonSuppressed(JsonFinding Finding, string Reason, string Source);

internal sealed record JsonDiagnostic(string Source, int? Line, string Level, string Message);

internal sealed record JsonSummary(int Critical, int High, int Medium, int Low, int Info, int Passed, int Suppressed, int Errors, int Warnings, int Notes);
