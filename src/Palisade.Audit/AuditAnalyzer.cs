using System.Globalization;
using System.Text.Json;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;
using Palisade.Core.Findings;

namespace Palisade.Audit;

/// <summary>
/// Evaluates detection rules over a stream of audit events, one at a time and in memory bounded by the rules'
/// windows (threshold rules keep only recent timestamps per key), so logs of any length stream through.
/// </summary>
public sealed class AuditAnalyzer(IReadOnlyList<DetectionRule> rules, RuleSettings settings)
{
    private const int MaxKeysPerRule = 100_000;
    private static readonly string[] TimestampFields = ["stageTimestamp", "requestReceivedTimestamp", "timestamp"];
    private readonly Dictionary<CheckId, int> _keysPerRule = [];
    private readonly Dictionary<(CheckId, string), Queue<DateTimeOffset>> _windows = [];
    private readonly Dictionary<(CheckId, string), DateTimeOffset> _lastAlert = [];

    public long Events { get; private set; }

    /// <summary>Called with each alert and its event while the event is still readable (to ship the original).</summary>
    public Action<Finding, JsonElement>? OnAlert { get; init; }

    public IEnumerable<Finding> Analyze(AuditEvent auditEvent)
    {
        Events++;
        var root = auditEvent.Root;
        var verb = root.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var resource = root.TryGetProperty("objectRef", out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty("resource", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        foreach (var rule in rules)
        {
            if ((rule.Verbs is { } verbs && (verb is null || !verbs.Contains(verb))) || (rule.Resources is { } resources && (resource is null || !resources.Contains(resource))))
            {
                continue;
            }
            if (!rule.Matches(root, settings))
            {
                continue;
            }
            if (rule.Threshold is { } threshold && !Crossed(rule, threshold, root))
            {
                continue;
            }
            var finding = ToFinding(rule, auditEvent);
            OnAlert?.Invoke(finding, root);
            yield return finding;
        }
    }

    /// <summary>True once per window when the key reaches the count within the window.</summary>
    private bool Crossed(DetectionRule rule, Threshold threshold, JsonElement root)
    {
        var key = threshold.By.IsSimple ? (threshold.By.TryGetSingle(root, out var single) ? FieldPath.TextOf(single) : "") : threshold.By.Values(root).Select(FieldPath.TextOf).FirstOrDefault() ?? "";
        var when = Timestamp(root);
        var slot = (rule.Info.Id, key);
        if (!_windows.TryGetValue(slot, out var times))
        {
            var keys = _keysPerRule.GetValueOrDefault(rule.Info.Id);
            if (keys >= MaxKeysPerRule)
            {
                return false;
            }
            _keysPerRule[rule.Info.Id] = keys + 1;
            _windows[slot] = times = new Queue<DateTimeOffset>();
        }
        times.Enqueue(when);
        while (times.Count > 0 && when - times.Peek() > threshold.Within)
        {
            times.Dequeue();
        }
        if (times.Count < threshold.Count || (_lastAlert.TryGetValue(slot, out var last) && when - last <= threshold.Within))
        {
            return false;
        }
        _lastAlert[slot] = when;
        return true;
    }

    private static DateTimeOffset Timestamp(JsonElement root)
    {
        foreach (var name in TimestampFields)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                && (value.TryGetDateTimeOffset(out var time) || DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)))
            {
                return time;
            }
        }
        return DateTimeOffset.MinValue;
    }

    private static Finding ToFinding(DetectionRule rule, AuditEvent auditEvent)
    {
        var root = auditEvent.Root;
        string? Text(params string[] path)
        {
            var current = root;
            foreach (var name in path)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }
            return current.ValueKind == JsonValueKind.String ? current.GetString() : null;
        }
        var resource = Text("objectRef", "resource") is { } kind
            ? new ResourceRef(kind + (Text("objectRef", "subresource") is { } sub ? "/" + sub : ""), Text("objectRef", "namespace"), Text("objectRef", "name") ?? Text("requestObject", "metadata", "name") ?? "")
            : new ResourceRef("request", null, Text("requestURI") ?? "");
        var auditId = Text("auditID");
        return new Finding(rule.Info, new Target(new SourceLocation(auditEvent.Source, auditEvent.Line, 0), resource), rule.Render(root),
            $"user {Text("user", "username") ?? "?"}; auditID {auditId ?? "?"}; at {Text("stageTimestamp") ?? Text("timestamp") ?? "?"}")
        {
            Group = rule.Tactic,
        };
    }
}
