namespace Palisade.Audit.Rules;

/// <summary>A compiled condition: answers for the event a view is on.</summary>
public interface IEventTest
{
    bool Holds(EventView view);
}

/// <summary>A test over an audit event: a field against values, or a group of conditions (any, all).</summary>
public abstract record Condition
{
    /// <summary>Binds the condition's paths to the shape and its named lists to the settings, once per rule set.</summary>
    public abstract IEventTest Compile(EventShape shape, RuleSettings settings);
}

public enum Operator
{
    Equals,
    In,
    StartsWith,
    Contains,
    Matches,
    Exists,
    Missing,
    AtLeast,
    InList,
    NotInList,
}

/// <summary>
/// field op value. For paths reaching several values (containers[]), the test holds when any value satisfies it;
/// Missing holds when none is present. InList compares with a named list from the settings (trusted registries…).
/// </summary>
public sealed record FieldCondition(FieldPath Path, Operator Op, IReadOnlyList<string> Values, bool Negate) : Condition
{
    public override IEventTest Compile(EventShape shape, RuleSettings settings) => new FieldTest(this, shape.Bind(Path), settings);
}

public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition
{
    public override IEventTest Compile(EventShape shape, RuleSettings settings) => new AnyTest([.. Conditions.Select(c => c.Compile(shape, settings))]);

    private sealed class AnyTest(IEventTest[] tests) : IEventTest
    {
        public bool Holds(EventView view)
        {
            foreach (var test in tests)
            {
                if (test.Holds(view))
                {
                    return true;
                }
            }
            return false;
        }
    }
}

public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition
{
    public override IEventTest Compile(EventShape shape, RuleSettings settings) => new AllTest([.. Conditions.Select(c => c.Compile(shape, settings))]);

    private sealed class AllTest(IEventTest[] tests) : IEventTest
    {
        public bool Holds(EventView view)
        {
            foreach (var test in tests)
            {
                if (!test.Holds(view))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
