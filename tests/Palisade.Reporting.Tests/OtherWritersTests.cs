using System.Text.Json;
using System.Xml.Linq;
using Palisade.Reporting.JUnit;
using Palisade.Reporting.Json;
using Palisade.Reporting.Table;

namespace Palisade.Reporting.Tests;

public sealed class OtherWritersTests
{
    [Fact]
    public async Task Junit_has_a_failing_case_per_finding_and_an_error_per_unreadable_input()
    {
        var xml = XDocument.Parse(await SampleResults.WriteAsync(new JUnitReportWriter(), SampleResults.Result()));
        Assert.Equal(2, xml.Descendants("failure").Count());
        Assert.Single(xml.Descendants("error"));
        Assert.Equal("2", xml.Root!.Attribute("failures")!.Value);
        Assert.Contains(xml.Descendants("testsuite"), s => s.Attribute("name")!.Value == "deploy/my agent.yaml");
    }

    [Fact]
    public async Task Junit_without_findings_has_one_passing_case()
    {
        var empty = SampleResults.Result() with { Findings = [], Diagnostics = [] };
        var xml = XDocument.Parse(await SampleResults.WriteAsync(new JUnitReportWriter(), empty));
        Assert.Single(xml.Descendants("testcase"));
        Assert.Empty(xml.Descendants("failure"));
    }

    [Fact]
    public async Task Table_without_colour_has_no_escape_codes_and_ends_with_the_summary()
    {
        var text = await SampleResults.WriteAsync(new TableReportWriter(), SampleResults.Result(), new ReportOptions("1.2.3") { ShowSuppressed = true });
        Assert.DoesNotContain('\u001b', text);
        Assert.Contains("deploy/my agent.yaml (DaemonSet/monitoring/node-agent)", text, StringComparison.Ordinal);
        Assert.Contains("accepted risk", text, StringComparison.Ordinal);
        Assert.Contains("error deploy/broken.yaml:4: mapping values are not allowed here", text, StringComparison.Ordinal);
        Assert.EndsWith("1 critical, 1 high, 0 medium, 0 low, 0 info; 1 suppressed; 1 input errors", text.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_with_colour_uses_escape_codes()
    {
        var text = await SampleResults.WriteAsync(new TableReportWriter(), SampleResults.Result(), new ReportOptions("1.2.3") { Color = true });
        Assert.Contains('\u001b', text);
    }

    [Fact]
    public async Task Json_names_the_schema_version_and_keeps_frameworks()
    {
        using var doc = JsonDocument.Parse(await SampleResults.WriteAsync(new JsonReportWriter(), SampleResults.Result()));
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        var finding = doc.RootElement.GetProperty("findings")[0];
        Assert.Equal("baseline/privileged", finding.GetProperty("frameworks").GetProperty("pss").GetString());
        Assert.Equal("5.2.2", finding.GetProperty("frameworks").GetProperty("cis")[0].GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("errors").GetInt32());
    }

    [Fact]
    public void Every_writer_is_registered_once_by_format()
    {
        var formats = ReportWriters.All.Select(w => w.Format).ToList();
        Assert.Equal(formats.Distinct().Count(), formats.Count);
        Assert.Equal(["cyclonedx", "json", "junit", "sarif", "spdx", "table"], formats.Order());
        var writerTypes = typeof(IReportWriter).Assembly.GetTypes().Where(t => typeof(IReportWriter).IsAssignableFrom(t) && !t.IsInterface && !t.IsAbstract);
        Assert.All(writerTypes, t => Assert.Contains(ReportWriters.All, w => w.GetType() == t));
    }
}
