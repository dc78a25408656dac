using System.Globalization;
using System.Xml;
using Palisade.Core.Findings;
using Palisade.Core.Registration;

namespace Palisade.Reporting.JUnit;

/// <summary>
/// JUnit XML for CI dashboards: one test suite per file with findings, one failing test case per finding, an
/// erroring test case per unreadable input, and a single passing case when nothing was found.
/// </summary>
[RegistrationOrder(3)]
public sealed class JUnitReportWriter : IReportWriter
{
    public string Format => "junit";

    public async Task WriteAsync(ScanResult result, TextWriter output, ReportOptions options, CancellationToken cancellationToken)
    {
        var settings = new XmlWriterSettings { Async = true, Indent = true, OmitXmlDeclaration = false };
        await using var xml = XmlWriter.Create(output, settings);
        await xml.WriteStartDocumentAsync().ConfigureAwait(false);
        await xml.WriteStartElementAsync(null, "testsuites", null).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "name", null, "palisade").ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "tests", null, Count(result.Findings.Count + result.Diagnostics.Count)).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "failures", null, Count(result.Findings.Count(f => f.IsProblem))).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "errors", null, Count(result.Summary.Errors)).ConfigureAwait(false);

        var suites = result.Findings.GroupBy(f => f.Target.Location?.File ?? f.Target.Resource?.ToString() ?? "").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var suite in suites)
        {
            await WriteSuiteAsync(xml, suite.Key, [.. suite]).ConfigureAwait(false);
        }
        if (suites.Count == 0)
        {
            await WriteSuiteAsync(xml, string.Join(" ", result.Scan.Targets), []).ConfigureAwait(false);
        }
        var errors = result.Diagnostics.Where(d => d.Level == DiagnosticLevel.Error).ToList();
        if (errors.Count > 0)
        {
            await xml.WriteStartElementAsync(null, "testsuite", null).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "name", null, "inputs").ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "tests", null, Count(errors.Count)).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "errors", null, Count(errors.Count)).ConfigureAwait(false);
            foreach (var error in errors)
            {
                await xml.WriteStartElementAsync(null, "testcase", null).ConfigureAwait(false);
                await xml.WriteAttributeStringAsync(null, "classname", null, error.Source).ConfigureAwait(false);
                await xml.WriteAttributeStringAsync(null, "name", null, "read input").ConfigureAwait(false);
                await xml.WriteStartElementAsync(null, "error", null).ConfigureAwait(false);
                await xml.WriteAttributeStringAsync(null, "message", null, error.ToString()).ConfigureAwait(false);
                await xml.WriteEndElementAsync().ConfigureAwait(false);
                await xml.WriteEndElementAsync().ConfigureAwait(false);
            }
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }
        await xml.WriteEndElementAsync().ConfigureAwait(false);
        await xml.WriteEndDocumentAsync().ConfigureAwait(false);
        await xml.FlushAsync().ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
    }

    private static async Task WriteSuiteAsync(XmlWriter xml, string file, List<Finding> findings)
    {
        await xml.WriteStartElementAsync(null, "testsuite", null).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "name", null, file).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "tests", null, Count(Math.Max(1, findings.Count))).ConfigureAwait(false);
        await xml.WriteAttributeStringAsync(null, "failures", null, Count(findings.Count(f => f.IsProblem))).ConfigureAwait(false);
        if (findings.Count == 0)
        {
            await xml.WriteStartElementAsync(null, "testcase", null).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "classname", null, file).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "name", null, "no findings").ConfigureAwait(false);
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }
        foreach (var finding in findings)
        {
            await xml.WriteStartElementAsync(null, "testcase", null).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "classname", null, finding.Target.Resource?.ToString() ?? file).ConfigureAwait(false);
            await xml.WriteAttributeStringAsync(null, "name", null, $"[{finding.Severity.ToSlug()}] {finding.Check.Id}: {finding.Check.Title}").ConfigureAwait(false);
            if (finding.Status is FindingStatus.Warn or FindingStatus.Info)
            {
                await xml.WriteStartElementAsync(null, "skipped", null).ConfigureAwait(false);
                await xml.WriteAttributeStringAsync(null, "message", null, finding.Message).ConfigureAwait(false);
                await xml.WriteEndElementAsync().ConfigureAwait(false);
            }
            if (finding.IsProblem)
            {
                await xml.WriteStartElementAsync(null, "failure", null).ConfigureAwait(false);
                await xml.WriteAttributeStringAsync(null, "type", null, finding.Severity.ToSlug()).ConfigureAwait(false);
                await xml.WriteAttributeStringAsync(null, "message", null, finding.Message).ConfigureAwait(false);
                await xml.WriteStringAsync($"{finding.Target.Location}\n{finding.Message}\nEvidence: {finding.Evidence}\nRemediation: {finding.Check.Remediation}").ConfigureAwait(false);
                await xml.WriteEndElementAsync().ConfigureAwait(false);
            }
            await xml.WriteEndElementAsync().ConfigureAwait(false);
        }
        await xml.WriteEndElementAsync().ConfigureAwait(false);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
