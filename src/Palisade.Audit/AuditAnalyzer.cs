using System.Globalization;
using System.Text.Json;
using Palisade.Audit.Events;
using Palisade.Audit.Rules;
using Palisade.Core.Findings;

namespace Palisade.Audit;

/// <summary>
/// Evaluates detection rules over a stream of audit events, one at a time and in memory bounded by the rules'
/// windows, so logs of any length stream through. Rules are compiled once: their paths share one
/// <see cref="EventShape"/>, and each event only meets the rules its verb and resource can fire.
/// </summary>
public sealed class AuditAnalyzer
{
    private const int MaxKeysPerRule = 100_000;
    private static readonly string[] TimestampFields = ["stageTimestamp", "requestReceivedTimestamp", "timestamp"];
    private readonly EventView _view;
    private readonly CompiledRule[] _rules;
    private readonly int _verbNode;
    private readonly int _resourceNode;
    private readonly int[] _timestampNodes;
    private readonly Utf8Ids _verbIds;
    private readonly Utf8Ids _resourceIds;
    private readonly CompiledRule[][] _dispatch;
    private readonly Func<EventView, DateTimeOffset> _timestamp;

    public AuditAnalyzer(IReadOnlyList<DetectionRule> rules, RuleSettings settings)
    {
        var shape = new EventShape();
        _verbNode = shape.Bind(FieldPath.Parse("verb")).Node;
        _resourceNode = shape.Bind(FieldPath.Parse("objectRef.resource")).Node;
        _timestampNodes = [.. TimestampFields.Select(name => shape.Bind(FieldPath.Parse(name)).Node)];
        _rules = [.. rules.Select(rule => new CompiledRule(rule, shape, settings, MaxKeysPerRule))];
        _view = new EventView(shape);
        _timestamp = Timestamp;
        _verbIds = new Utf8Ids(rules.SelectMany(r => r.Verbs ?? Enumerable.Empty<string>()));
        _resourceIds = new Utf8Ids(rules.SelectMany(r => r.Resources ?? Enumerable.Empty<string>()));
        _dispatch = new CompiledRule[(_verbIds.Other + 1) * (_resourceIds.Other + 1)][];
        foreach (var verb in _verbIds.Names.Append(null))
        {
            foreach (var resource in _resourceIds.Names.Append(null))
            {
                _dispatch[Slot(_verbIds.Find(verb), _resourceIds.Find(resource))] =
                    [.. _rules.Where(r => (r.Rule.Verbs is null || (verb is not null && r.Rule.Verbs.Contains(verb))) && (r.Rule.Resources is null || (resource is not null && r.Rule.Resources.Contains(resource))))];
            }
        }
    }

    public long Events { get; private set; }

    /// <summary>New burst keys ignored because a threshold rule's key cap was full of live windows.</summary>
    public long KeysRefused => _rules.Sum(r => r.KeysRefused);

    /// <summary>Called with each alert and its event while the event is still readable (to ship the original).</summary>
    public Action<Finding, JsonElement>? OnAlert { get; init; }

    public IReadOnlyList<Finding> Analyze(AuditEvent auditEvent)
    {
        Events++;
        _view.Reset(auditEvent.Root);
        List<Finding>? alerts = null;
        foreach (var rule in _dispatch[Slot(Lookup(_verbIds, _verbNode), Lookup(_resourceIds, _resourceNode))])
        {
            if (!rule.Matches(_view) || !rule.Crosses(_view, _timestamp))
            {
                continue;
            }
            var finding = ToFinding(rule, auditEvent);
            OnAlert?.Invoke(finding, auditEvent.Root);
            (alerts ??= []).Add(finding);
        }
        return alerts is null ? [] : alerts;
    }

    private int Slot(int verb, int resource) => (verb * (_resourceIds.Other + 1)) + resource;

    /// <summary>Names no rule pins (and missing or non-string values) share the last id, "any other".</summary>
    private int Lookup(Utf8Ids ids, int node) =>
        _view.TryGet(node, out var value) && value.ValueKind == JsonValueKind.String ? ids.Find(ValueText.Utf8(value)) : ids.Other;

    private DateTimeOffset Timestamp(EventView view)
    {
        foreach (var node in _timestampNodes)
        {
            if (view.TryGet(node, out var value) && value.ValueKind == JsonValueKind.String
                && (value.TryGetDateTimeOffset(out var time) || DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time)))
            {
                return time;
            }
        }
        return DateTimeOffset.MinValue;
    }

    private Finding ToFinding(CompiledRule rule, AuditEvent auditEvent)
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
        return new Finding(rule.Rule.Info, new Target(new SourceLocation(auditEvent.Source, auditEvent.Line, 0), resource), rule.Render(_view),
            $"user {Text("user", "username") ?? "?"}; auditID {auditId ?? "?"}; at {Text("stageTimestamp") ?? Text("timestamp") ?? "?"}")
        {
            Group = rule.Rule.Tactic,
        };
    }
}
