using System.Text;

namespace Palisade.Audit.Rules;

/// <summary>A rule bound to one analyzer's event shape and settings, with its own threshold windows.</summary>
internal sealed class CompiledRule
{
    private readonly IEventTest _when;
    private readonly IEventTest? _unless;
    private readonly BoundPath? _by;
    private readonly BoundPath? _distinct;
    private readonly ThresholdWindows? _windows;
    private readonly Func<EventView, string> _render;

    public CompiledRule(DetectionRule rule, EventShape shape, RuleSettings settings, int maxKeys)
    {
        Rule = rule;
        _when = rule.When.Compile(shape, settings);
        _unless = rule.Unless?.Compile(shape, settings);
        if (rule.Threshold is { } threshold)
        {
            _by = shape.Bind(threshold.By);
            _distinct = threshold.Distinct is { } distinct ? shape.Bind(distinct) : null;
            _windows = new ThresholdWindows(threshold, maxKeys);
        }
        _render = rule.Template.Compile(shape);
    }

    public DetectionRule Rule { get; }

    public long KeysRefused => _windows?.KeysRefused ?? 0;

    public bool Matches(EventView view) => _when.Holds(view) && _unless?.Holds(view) != true;

    /// <summary>For threshold rules, whether this matching event completes a burst; always true otherwise.</summary>
    public bool Crosses(EventView view, Func<EventView, DateTimeOffset> time)
    {
        if (_windows is null || _by is null)
        {
            return true;
        }
        var key = _by.Rest.Count == 0
            ? (view.Has(_by.Node) && view.Token(_by.Node) != System.Text.Json.JsonTokenType.Null ? view.Text(_by.Node) : [])
            : Encoding.UTF8.GetBytes(_by.FirstText(view) ?? "");
        if (_distinct is null)
        {
            return _windows.Crossed(key, time(view));
        }
        // A plain field's bytes are used in place; a path through arrays is rendered once.
        var distinct = _distinct.Rest.Count == 0
            ? (view.Has(_distinct.Node) && view.Token(_distinct.Node) == System.Text.Json.JsonTokenType.String ? view.Text(_distinct.Node) : default)
            : Encoding.UTF8.GetBytes(_distinct.FirstText(view) ?? "");
        return distinct.Length > 0 && _windows.Crossed(key, time(view), distinct);
    }

    public string Render(EventView view) => _render(view);
}
