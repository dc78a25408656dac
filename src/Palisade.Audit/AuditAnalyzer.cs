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
    private readonly AlertNodes _where;
    private readonly SeenRequests _seen = new(65_536);

    public AuditAnalyzer(IReadOnlyList<DetectionRule> rules, RuleSettings settings)
    {
        var shape = new EventShape();
        _verbNode = shape.Bind(FieldPath.Parse("verb")).Node;
        _resourceNode = shape.Bind(FieldPath.Parse("objectRef.resource")).Node;
        _timestampNodes = [.. TimestampFields.Select(name => shape.Bind(FieldPath.Parse(name)).Node)];
        _where = AlertNodes.Bind(shape);
        _rules = [.. rules.Select(rule => new CompiledRule(rule, shape, settings, MaxKeysPerRule))];
        _view = new EventView(shape);
        Shape = shape;
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

    /// <summary>The names the rules read: give it to <see cref="AuditEventReader.Read"/> so each event is scanned once.</summary>
    public EventShape Shape { get; }

    public long Events { get; private set; }

    /// <summary>New burst keys ignored because a threshold rule's key cap was full of live windows.</summary>
    public long KeysRefused => _rules.Sum(r => r.KeysRefused);

    /// <summary>Called with each alert and its event while the event is still readable (to ship the original).</summary>
    public Action<Finding, JsonElement>? OnAlert { get; init; }

    public IReadOnlyList<Finding> Analyze(AuditEvent auditEvent)
    {
        Events++;
        var view = auditEvent.View is { } scanned && scanned.Shape == Shape ? scanned : Rescan(auditEvent);
        List<Finding>? alerts = null;
        foreach (var rule in _dispatch[Slot(Lookup(view, _verbIds, _verbNode), Lookup(view, _resourceIds, _resourceNode))])
        {
            // A long-running request (exec, attach, port-forward, watch) is logged at ResponseStarted and again at
            // ResponseComplete: one request is one alert, and counts once toward a burst.
            if (!rule.Matches(view) || !_seen.FirstTime(rule, view, _where.Stage, _where.AuditId) || !rule.Crosses(view, _timestamp))
            {
                continue;
            }
            var finding = ToFinding(rule, view, auditEvent);
            OnAlert?.Invoke(finding, auditEvent.Root);
            (alerts ??= []).Add(finding);
        }
        return alerts is null ? [] : alerts;
    }

    /// <summary>An event read without this analyzer's shape (a webhook batch, a caller's own reader) is scanned again.</summary>
    private EventView Rescan(AuditEvent auditEvent)
    {
        _view.Scan(auditEvent.Json);
        return _view;
    }

    private int Slot(int verb, int resource) => (verb * (_resourceIds.Other + 1)) + resource;

    /// <summary>Names no rule pins (and missing or non-string values) share the last id, "any other".</summary>
    private static int Lookup(EventView view, Utf8Ids ids, int node) =>
        view.Token(node) == JsonTokenType.String ? ids.Find(view.Text(node)) : ids.Other;

    private DateTimeOffset Timestamp(EventView view)
    {
        foreach (var node in _timestampNodes)
        {
            if (view.Token(node) == JsonTokenType.String && Rfc3339.TryParse(view.Text(node), out var time))
            {
                return time;
            }
        }
        return DateTimeOffset.MinValue;
    }

    private Finding ToFinding(CompiledRule rule, EventView view, AuditEvent auditEvent)
    {
        var where = _where;
        var resource = view.String(_resourceNode) is { } kind
            ? new ResourceRef(kind + (view.String(where.Subresource) is { } sub ? "/" + sub : ""), view.String(where.Namespace), view.String(where.Name) ?? view.String(where.BodyName) ?? "")
            : new ResourceRef("request", null, view.String(where.Uri) ?? "");
        var time = view.String(_timestampNodes[0]) ?? view.String(_timestampNodes[1]) ?? view.String(_timestampNodes[2]);
        var user = view.String(where.User);
        var auditId = view.String(where.AuditId);
        return new Finding(rule.Rule.Info, new Target(new SourceLocation(auditEvent.Source, auditEvent.Line, 0), resource), rule.Render(view),
            $"user {user ?? "?"}; auditID {auditId ?? "?"}; at {time ?? "?"}")
        {
            Group = rule.Rule.Tactic,
            Alert = new AlertDetail(time, user, where.SourceIp.FirstText(view), view.String(_verbNode), auditId),
        };
    }

    /// <summary>The nodes an alert names its object and request by.</summary>
    private sealed record AlertNodes(int Subresource, int Namespace, int Name, int BodyName, int Uri, int User, int AuditId, int Stage, BoundPath SourceIp)
    {
        public static AlertNodes Bind(EventShape shape)
        {
            int Node(string path) => shape.Bind(FieldPath.Parse(path)).Node;
            return new AlertNodes(Node("objectRef.subresource"), Node("objectRef.namespace"), Node("objectRef.name"), Node("requestObject.metadata.name"),
                Node("requestURI"), Node("user.username"), Node("auditID"), Node("stage"), shape.Bind(FieldPath.Parse("sourceIPs[]")));
        }
    }
}
