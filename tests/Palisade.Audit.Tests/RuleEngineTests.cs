using System.Text;
using Palisade.Audit;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;

namespace Palisade.Audit.Tests;

/// <summary>The compiled rule engine and the UTF-8 line reader on the edges real logs have.</summary>
public sealed class RuleEngineTests
{
    private const string Rule = "rules:\n  - id: audit.test\n    title: t\n    severity: high\n    mitre: [T1609]\n    when: [{when}]\n    output: \"{output}\"\n";

    private static IReadOnlyList<string> Fire(string when, string events, string output = "{verb} by {user.username}", string? threshold = null)
    {
        var yaml = Rule.Replace("{when}", when, StringComparison.Ordinal).Replace("{output}", output, StringComparison.Ordinal)
            + (threshold is null ? "" : $"    threshold: {threshold}\n");
        var (rules, errors) = RuleLoader.Load(yaml, "test.yaml");
        Assert.Empty(errors);
        var analyzer = new AuditAnalyzer(rules, RuleSettings.Default);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(events));
        return [.. AuditEventReader.Read(stream, "test.log", m => Assert.Fail(m.Reason)).SelectMany(analyzer.Analyze).Select(f => f.Message)];
    }

    private static string Event(string body) => "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\"," + body + "}\n";

    [Fact]
    public void Escaped_names_and_values_compare_by_their_meaning()
    {
        var alerts = Fire("{field: user.username, equals: \"alice\"}", Event("\"verb\":\"get\",\"us\\u0065r\":{\"username\":\"al\\u0069ce\"}"));
        Assert.Equal(["get by alice"], alerts);
    }

    [Fact]
    public void With_duplicate_keys_the_last_one_counts_as_in_System_Text_Json()
    {
        Assert.Single(Fire("{field: verb, equals: delete}", Event("\"verb\":\"get\",\"user\":{\"username\":\"a\"},\"verb\":\"delete\"")));
        Assert.Empty(Fire("{field: verb, equals: get}", Event("\"verb\":\"get\",\"user\":{\"username\":\"a\"},\"verb\":\"delete\"")));
    }

    [Fact]
    public void Numbers_booleans_and_strings_compare_as_written()
    {
        Assert.Single(Fire("{field: responseStatus.code, equals: \"403\"}", Event("\"responseStatus\":{\"code\":403}")));
        Assert.Single(Fire("{field: responseStatus.code, atLeast: \"400\"}", Event("\"responseStatus\":{\"code\":403}")));
        Assert.Empty(Fire("{field: responseStatus.code, atLeast: \"400\"}", Event("\"responseStatus\":{\"code\":200}")));
        Assert.Single(Fire("{field: \"requestObject.spec.containers[].securityContext.privileged\", equals: \"true\"}",
            Event("\"requestObject\":{\"spec\":{\"containers\":[{\"name\":\"a\"},{\"securityContext\":{\"privileged\":true}}]}}")));
    }

    [Fact]
    public void Null_counts_as_missing_and_keys_and_wildcards_reach_config_data()
    {
        Assert.Single(Fire("{field: user.username, missing: true}", Event("\"user\":{\"username\":null}")));
        Assert.Single(Fire("{field: \"requestObject.data{}\", contains: \"pass\"}", Event("\"requestObject\":{\"data\":{\"db_password\":\"x\"}}")));
        Assert.Single(Fire("{field: \"requestObject.data.*\", startsWith: \"token=\"}", Event("\"requestObject\":{\"data\":{\"a\":\"b\",\"env\":\"token=abc\"}}")));
        Assert.Empty(Fire("{field: \"requestObject.data.*\", startsWith: \"token=\"}", Event("\"requestObject\":{\"data\":[\"token=abc\"]}")));
    }

    [Fact]
    public void Placeholders_show_the_first_value_or_a_question_mark()
    {
        var alerts = Fire("{field: verb, exists: true}", Event("\"verb\":\"get\",\"sourceIPs\":[\"10.0.0.1\",\"10.0.0.2\"]"), output: "{verb} from {sourceIPs[]} as {user.username}");
        Assert.Equal(["get from 10.0.0.1 as ?"], alerts);
    }

    [Fact]
    public void A_burst_fires_once_per_window_and_again_after_it()
    {
        string At(int second) => Event($"\"verb\":\"list\",\"user\":{{\"username\":\"sa\"}},\"stageTimestamp\":\"2026-11-30T00:{second / 60:00}:{second % 60:00}.000000Z\"");
        var inside = string.Concat(Enumerable.Range(0, 6).Select(At));
        Assert.Single(Fire("{field: verb, equals: list}", inside, threshold: "{count: 3, seconds: 60, by: user.username}"));
        var spread = string.Concat(new[] { 0, 70, 140, 210 }.Select(At));
        Assert.Empty(Fire("{field: verb, equals: list}", spread, threshold: "{count: 2, seconds: 60, by: user.username}"));
        var twoWindows = string.Concat(new[] { 0, 1, 2, 200, 201, 202 }.Select(At));
        Assert.Equal(2, Fire("{field: verb, equals: list}", twoWindows, threshold: "{count: 3, seconds: 60, by: user.username}").Count);
    }

    [Theory]
    [InlineData("{field: \"requestObject.data{}.x\", exists: true}", "must end the path")]
    [InlineData("{field: \"a..b\", exists: true}", "empty segment")]
    public void Bad_paths_are_load_errors(string when, string reason)
    {
        var (_, errors) = RuleLoader.Load(Rule.Replace("{when}", when, StringComparison.Ordinal).Replace("{output}", "o", StringComparison.Ordinal), "bad.yaml");
        Assert.Contains(reason, Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_placeholder_is_a_load_error_not_an_alert_time_failure()
    {
        var (_, errors) = RuleLoader.Load(Rule.Replace("{when}", "{field: verb, exists: true}", StringComparison.Ordinal).Replace("{output}", "{a..b}", StringComparison.Ordinal), "bad.yaml");
        Assert.Contains("empty segment", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}

/// <summary>Lines as the bytes they are: byte-order marks, CRLF, a last line without newline, lines over the cap.</summary>
public sealed class Utf8LineReaderTests
{
    private static List<(string Text, int Number, bool Oversized)> Lines(byte[] bytes, int cap = 1 << 20)
    {
        using var reader = new Utf8LineReader(new MemoryStream(bytes), cap);
        var lines = new List<(string, int, bool)>();
        while (reader.Next() is { } line)
        {
            lines.Add((Encoding.UTF8.GetString(line.Text.Span), line.Number, line.Oversized));
        }
        return lines;
    }

    [Fact]
    public void Splits_on_newlines_and_keeps_the_last_line_without_one()
    {
        var lines = Lines([.. "\uFEFF"u8, .. "a\r\nb\n\nc"u8]);
        Assert.Equal([("a\r", 1, false), ("b", 2, false), ("", 3, false), ("c", 4, false)], lines);
    }

    [Fact]
    public void Lines_longer_than_the_buffer_grow_it_and_lines_over_the_cap_are_skipped_whole()
    {
        var longLine = new string('x', 200_000);
        var lines = Lines(Encoding.UTF8.GetBytes($"{longLine}\n{new string('y', 300_000)}\nz\n"), cap: 250_000);
        Assert.Equal((longLine, 1, false), lines[0]);
        Assert.Equal(("", 2, true), lines[1]);
        Assert.Equal(("z", 3, false), lines[2]);
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public void An_oversized_line_in_a_log_is_reported_and_the_rest_analysed()
    {
        var events = "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"verb\":\"get\"}\n";
        var text = events + "{\"kind\":\"Event\",\"x\":\"" + new string('a', 17 * 1024 * 1024) + "\"}\n" + events;
        var malformed = new List<MalformedInput>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var read = AuditEventReader.Read(stream, "big.log", malformed.Add).Select(e => e.Line).ToList();
        Assert.Equal([1, 3], read);
        Assert.Contains("over the cap", Assert.Single(malformed).Reason, StringComparison.Ordinal);
    }
}
