namespace Palisade.Core.Registration;

/// <summary>
/// On a <c>static partial IReadOnlyList&lt;T&gt; Name();</c> method: Palisade's source generator fills it with every
/// concrete class of this assembly implementing T (with a public parameterless constructor), so a new check, probe,
/// analyzer or writer is its own file and nothing else.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DiscoveredAttribute : Attribute;

/// <summary>Where a discovered class goes in its list, when order shows (writers in --help); unordered ones follow by name.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RegistrationOrderAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}
