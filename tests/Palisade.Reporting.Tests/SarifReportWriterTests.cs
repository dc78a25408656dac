using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Palisade.Reporting.Sarif;

namespace Palisade.Reporting.Tests;

public sealed class SarifReportWriterTests
{
    private static readonly Lazy<JsonSchema> Schema = new(LoadOfficialSchema);

    private static JsonSchema OfficialSchema() => Schema.Value;

    private static JsonSchema LoadOfficialSchema()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sarif", "sarif-schema-2.1.0.json"));
        var node = JsonNode.Parse(text)!.AsObject();
        // The file declares draft-04, which the validator does not implement; its keywords mean the same in draft-07.
        node["$schema"] = "http://json-schema.org/draft-07/schema#";
        node.Remove("id");
        return JsonSchema.FromText(node.ToJsonString());
    }

    [Fact]
    public async Task Output_is_valid_against_the_official_sarif_schema()
    {
        var sarif = await SampleResults.WriteAsync(new SarifReportWriter(), SampleResults.Result());
        using var instance = JsonDocument.Parse(sarif);
        var result = OfficialSchema().Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public async Task Audit_results_with_pass_warn_and_info_are_valid_and_not_alerts()
    {
        var pass = SampleResults.Result().Findings[0] with { Status = Core.Findings.FindingStatus.Pass };
        var warn = SampleResults.Result().Findings[0] with { Status = Core.Findings.FindingStatus.Warn };
        var info = SampleResults.Result().Findings[1] with { Status = Core.Findings.FindingStatus.Info };
        var result = SampleResults.Result() with { Findings = [pass, warn, info] };
        var sarif = await SampleResults.WriteAsync(new SarifReportWriter(), result);
        using var instance = JsonDocument.Parse(sarif);
        Assert.True(OfficialSchema().Evaluate(instance.RootElement).IsValid);
        var results = instance.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["pass", "review", "notApplicable"], results.Select(r => r.GetProperty("kind").GetString()));
        Assert.All(results, r => Assert.Equal("none", r.GetProperty("level").GetString()));
    }

    [Fact]
    public async Task The_schema_check_rejects_invalid_sarif()
    {
        var sarif = (await SampleResults.WriteAsync(new SarifReportWriter(), SampleResults.Result())).Replace("\"startLine\": 21", "\"startLine\": \"21\"", StringComparison.Ordinal);
        using var instance = JsonDocument.Parse(sarif);
        Assert.False(OfficialSchema().Evaluate(instance.RootElement).IsValid);
    }

    [Fact]
    public async Task Rules_carry_security_severity_help_and_tags_for_github()
    {
        using var doc = JsonDocument.Parse(await SampleResults.WriteAsync(new SarifReportWriter(), SampleResults.Result()));
        var rules = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var privileged = rules.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "pod.privileged");
        Assert.Equal("8.0", privileged.GetProperty("properties").GetProperty("security-severity").GetString());
        Assert.Contains("Remove securityContext.privileged.", privileged.GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);
        Assert.Contains("mitre/T1611", privileged.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var critical = rules.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "rbac.wildcard-verbs");
        Assert.Equal("9.5", critical.GetProperty("properties").GetProperty("security-severity").GetString());
    }

    [Fact]
    public async Task Locations_are_escaped_relative_uris_with_line_and_column()
    {
        using var doc = JsonDocument.Parse(await SampleResults.WriteAsync(new SarifReportWriter(), SampleResults.Result()));
        var result = doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
        var physical = result.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("deploy/my%20agent.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(21, physical.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(11, physical.GetProperty("region").GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public async Task Unreadable_inputs_are_error_notifications_and_mark_the_run_unsuccessful()
    {
        using var doc = JsonDocument.Parse(await SampleResults.WriteAsync(new SarifReportWriter(), SampleResults.Result()));
        var invocation = doc.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Equal(["error", "note"], invocation.GetProperty("toolExecutionNotifications").EnumerateArray().Select(n => n.GetProperty("level").GetString()));
    }
}
