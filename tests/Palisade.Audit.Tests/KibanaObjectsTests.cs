using System.Text.Json;
using Palisade.TestSupport;

namespace Palisade.Audit.Tests;

/// <summary>deploy/kibana/palisade-alerts.ndjson is a well-formed saved-objects export whose references all resolve.</summary>
public sealed class KibanaObjectsTests
{
    [Fact]
    public void The_saved_objects_file_is_complete_and_self_consistent()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "deploy", "kibana", "palisade-alerts.ndjson")).Where(l => l.Length > 0).ToList();
        var objects = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var ids = objects.Select(o => (o.GetProperty("type").GetString(), o.GetProperty("id").GetString())).ToHashSet();
        Assert.Contains(("index-pattern", "palisade-alerts-view"), ids);
        Assert.Contains(("dashboard", "palisade-alerts-dashboard"), ids);
        foreach (var o in objects)
        {
            Assert.True(o.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty("title", out _));
            foreach (var reference in o.GetProperty("references").EnumerateArray())
            {
                Assert.Contains((reference.GetProperty("type").GetString(), reference.GetProperty("id").GetString()), ids);
            }
        }
        var fields = string.Join(" ", objects.Select(o => o.GetRawText()));
        foreach (var field in new[] { "threat.technique.id", "rule.id", "user.name", "kubernetes.namespace", "@timestamp" })
        {
            Assert.Contains(field, fields, StringComparison.Ordinal);
        }
    }
}
