using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Audit.Rules;

/// <summary>A test over an audit event: a field against values, or a group of conditions (any, all, not).</summary>
public abstract record Condition
{
    public abstract bool Holds(JsonElement root, RuleSettings settings);
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
    private readonly Regex? _regex = Op == Operator.Matches ? new Regex(Values[0], RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)) : null;

    /// <summary>Prefix match against a named list; image references are compared in full form (nginx is docker.io/library/nginx).</summary>
    private bool InList(string text, RuleSettings settings)
    {
        var value = Values[0].EndsWith("registries", StringComparison.Ordinal) ? FullImage(text) : text;
        return settings.List(Values[0]).Any(prefix => value.StartsWith(prefix, StringComparison.Ordinal));
    }

    internal static string FullImage(string image)
    {
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : image[..slash];
        var hasRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        return hasRegistry ? image : slash < 0 ? "docker.io/library/" + image : "docker.io/" + image;
    }

    public override bool Holds(JsonElement root, RuleSettings settings)
    {
        if (Path.IsSimple)
        {
            var present = Path.TryGetSingle(root, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
            var single = Op switch
            {
                Operator.Exists => present,
                Operator.Missing => !present,
                Operator.Equals or Operator.In when present && value.ValueKind == JsonValueKind.String => Values.Any(value.ValueEquals),
                Operator.AtLeast when present && value.ValueKind == JsonValueKind.Number => value.TryGetDouble(out var number) && number >= double.Parse(Values[0], CultureInfo.InvariantCulture),
                _ => present && Test(FieldPath.TextOf(value), settings),
            };
            return single != Negate;
        }
        static bool Present(JsonElement v) => v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
        var result = Op switch
        {
            Operator.Exists => Path.Any(root, Present),
            Operator.Missing => !Path.Any(root, Present),
            Operator.Equals or Operator.In => Path.Any(root, v => v.ValueKind == JsonValueKind.String ? Values.Any(v.ValueEquals) : Present(v) && Test(FieldPath.TextOf(v), settings)),
            _ => Path.Any(root, v => Present(v) && Test(FieldPath.TextOf(v), settings)),
        };
        return result != Negate;
    }

    private bool Test(string text, RuleSettings settings) => Op switch
    {
        Operator.Equals or Operator.In => Values.Contains(text, StringComparer.Ordinal),
        Operator.StartsWith => Values.Any(v => text.StartsWith(v, StringComparison.Ordinal)),
        Operator.Contains => Values.Any(v => text.Contains(v, StringComparison.Ordinal)),
        Operator.Matches => _regex!.IsMatch(text),
        Operator.AtLeast => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= double.Parse(Values[0], CultureInfo.InvariantCulture),
        Operator.InList => InList(text, settings),
        Operator.NotInList => !InList(text, settings),
        _ => false,
    };
}

public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition
{
    public override bool Holds(JsonElement root, RuleSettings settings) => Conditions.Any(c => c.Holds(root, settings));
}

public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition
{
    public override bool Holds(JsonElement root, RuleSettings settings) => Conditions.All(c => c.Holds(root, settings));
}

/// <summary>Named lists rules refer to (trusted registries, allowed users), from configuration.</summary>
public sealed record RuleSettings(IReadOnlyDictionary<string, IReadOnlyList<string>> Lists)
{
    public static RuleSettings Default { get; } = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["trusted-registries"] = ["registry.k8s.io/", "k8s.gcr.io/", "gcr.io/google-containers/", "docker.io/library/", "quay.io/prometheus/", "ghcr.io/"],
    });

    public IReadOnlyList<string> List(string name) => Lists.GetValueOrDefault(name) ?? [];
}
