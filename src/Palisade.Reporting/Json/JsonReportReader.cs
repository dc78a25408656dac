using System.Text.Json;
using Palisade.Core.Findings;

namespace Palisade.Reporting.Json;

/// <summary>
/// Reads a JSON report (schema v1) back into findings and diagnostics, so results computed elsewhere (a Palisade
/// server matching an inventory) join a local scan's and go out in any format.
/// </summary>
public static class JsonReportReader
{
    /// <exception cref="InvalidDataException">The text is not a schema v1 report.</exception>
    public static (IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics) Read(string json, string source)
    {
        JsonReport? report;
        try
        {
            report = JsonSerializer.Deserialize(json, JsonReportContext.Default.JsonReport);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a Palisade JSON report ({ex.Message})");
        }
        if (report is not { SchemaVersion: JsonReportWriter.SchemaVersion })
        {
            throw new InvalidDataException($"{source}: not a schema {JsonReportWriter.SchemaVersion} Palisade JSON report");
        }
        // One CheckInfo per check id, shared by its findings as in a local scan.
        var checks = new Dictionary<string, CheckInfo>(StringComparer.Ordinal);
        var findings = (report.Findings ?? []).Select(f => ToFinding(f, checks)).ToList();
        var diagnostics = (report.Diagnostics ?? []).Select(d => new Diagnostic(d.Source, d.Line, d.Message,
            d.Level == "notice" ? DiagnosticLevel.Notice : DiagnosticLevel.Error)).ToList();
        return (findings, diagnostics);
    }

    /// <summary>One findings[] element (as <see cref="JsonReportWriter.Serialize"/> writes it) back into a finding.</summary>
    /// <exception cref="InvalidDataException">The text is not a finding.</exception>
    public static Finding ReadFinding(string json)
    {
        try
        {
            return ToFinding(JsonSerializer.Deserialize(json, JsonReportContext.Default.JsonFinding) ?? throw new InvalidDataException("not a finding"), []);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not a finding ({ex.Message})");
        }
    }

    private static Finding ToFinding(JsonFinding f, Dictionary<string, CheckInfo> checks)
    {
        if (!checks.TryGetValue(f.Check, out var check))
        {
            checks[f.Check] = check = new CheckInfo
            {
                Id = CheckId.TryParse(f.Check, out var id) ? id : throw new InvalidDataException($"finding with check id '{f.Check}'"),
                Title = f.Title,
                Severity = SeverityNames.TryParse(f.Severity, out var severity) ? severity : Severity.Medium,
                Description = f.Title,
                Remediation = f.Remediation,
                // A technique this version does not know (a newer server's) is left out rather than failing the read.
                Mitre = [.. (f.Frameworks?.Mitre ?? []).Where(AttackCatalog.Techniques.ContainsKey).Select(AttackTechnique.Parse)],
                Frameworks = [.. Frameworks(f.Frameworks)],
                Aliases = f.Aliases ?? [],
            };
        }
        var t = f.Target ?? new JsonTarget(null, null, null, null, null, null, null, null);
        var target = new Target(t.File is null ? null : new SourceLocation(t.File, t.Line ?? 0, t.Column ?? 0),
            t.Kind is null || t.Name is null ? null : new ResourceRef(t.Kind, t.Namespace, t.Name), t.Container) { Layer = t.Layer };
        return new Finding(check, target, f.Message, f.Evidence)
        {
            Status = Enum.TryParse<FindingStatus>(f.Status, ignoreCase: true, out var status) ? status : FindingStatus.Fail,
            Group = f.Group,
            Vulnerability = f.Vulnerability is { } v ? new VulnerabilityDetail(v.Id, v.Package, v.Ecosystem, v.InstalledVersion, v.Status, v.DataSource)
            {
                Aliases = v.Aliases ?? [],
                FixedVersion = v.FixedVersion,
                SeveritySource = v.SeveritySource,
                Severities = v.Severities ?? [],
                Purl = v.Purl,
                KnownExploited = v.KnownExploited,
                Epss = v.Epss,
            } : null,
            Alert = f.Alert is { } a ? new AlertDetail(a.Time, a.User, a.SourceIp, a.Verb, a.AuditId) : null,
        };
    }

    private static IEnumerable<FrameworkRef> Frameworks(JsonFrameworks? frameworks)
    {
        if (frameworks is null)
        {
            yield break;
        }
        if (frameworks.Pss is { } pss)
        {
            yield return new FrameworkRef(Framework.PodSecurityStandards, pss);
        }
        foreach (var cis in frameworks.Cis ?? [])
        {
            yield return FrameworkRef.Cis(cis);
        }
        foreach (var nsa in frameworks.Nsa ?? [])
        {
            yield return FrameworkRef.Nsa(nsa);
        }
    }
}
