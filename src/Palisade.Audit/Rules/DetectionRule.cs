using Palisade.Core.Findings;

namespace Palisade.Audit.Rules;

/// <summary>A detection: when its conditions hold and no exception does, an alert with the rendered output.</summary>
public sealed record DetectionRule(CheckInfo Info, string Tactic, Condition When, Condition? Unless, string Output, string File)
{
    public Threshold? Threshold { get; init; }

    /// <summary>The parsed output; constructing a rule with a bad placeholder path fails with a FormatException.</summary>
    public OutputTemplate Template { get; } = OutputTemplate.Parse(Output);

    /// <summary>The verbs the rule can fire on, when its conditions pin them (null: any), to skip it cheaply.</summary>
    public IReadOnlySet<string>? Verbs { get; } = Pinned(When, "verb");

    /// <summary>The resources the rule can fire on, when pinned (null: any).</summary>
    public IReadOnlySet<string>? Resources { get; } = Pinned(When, "objectRef.resource");

    private static HashSet<string>? Pinned(Condition when, string path) =>
        when is AllCondition all && all.Conditions.OfType<FieldCondition>().FirstOrDefault(c => c.Path.Text == path && !c.Negate && c.Op is Operator.Equals or Operator.In) is { } pinned
            ? [.. pinned.Values] : null;
}
