using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Core.Findings;

namespace Palisade.Audit.Rules;

/// <summary>Fires when a number of matching events from the same key (a user) arrive within a window.</summary>
public sealed record Threshold(int Count, TimeSpan Within, FieldPath By);

/// <summary>A detection: when its conditions hold and no exception does, an alert with the rendered output.</summary>
public sealed partial record DetectionRule(CheckInfo Info, string Tactic, Condition When, Condition? Unless, string Output, string File)
{
    public Threshold? Threshold { get; init; }

    public bool Matches(JsonElement root, RuleSettings settings) => When.Holds(root, settings) && Unless?.Holds(root, settings) != true;

    /// <summary>The verbs the rule can fire on, when its conditions pin them (null: any), to skip it cheaply.</summary>
    public IReadOnlySet<string>? Verbs { get; } = Pinned(When, "verb");

    /// <summary>The resources the rule can fire on, when pinned (null: any).</summary>
    public IReadOnlySet<string>? Resources { get; } = Pinned(When, "objectRef.resource");

    private static HashSet<string>? Pinned(Condition when, string path) =>
        when is AllCondition all && all.Conditions.OfType<FieldCondition>().FirstOrDefault(c => c.Path.Text == path && !c.Negate && c.Op is Operator.Equals or Operator.In) is { } pinned
            ? [.. pinned.Values] : null;

    /// <summary>The output template with {path} placeholders filled from the event (first value of each path).</summary>
    public string Render(JsonElement root) => Placeholder().Replace(Output, m =>
    {
        var value = FieldPath.Parse(m.Groups[1].Value).Values(root).FirstOrDefault();
        return value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? "?" : FieldPath.TextOf(value);
    });

    [GeneratedRegex(@"\{([A-Za-z0-9_.\[\]""/-]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
