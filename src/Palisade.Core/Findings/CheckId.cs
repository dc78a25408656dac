using System.Text.RegularExpressions;

namespace Palisade.Core.Findings;

/// <summary>A stable, lowercase, dotted slug such as <c>pod.privileged</c> or <c>rbac.wildcard-verbs</c>.</summary>
public readonly partial record struct CheckId
{
    public string Value { get; }

    private CheckId(string value) => Value = value;

    public static CheckId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid check id (lowercase dotted slug, e.g. pod.privileged)");

    public static bool TryParse(string? value, out CheckId id)
    {
        if (value is not null && Pattern().IsMatch(value))
        {
            id = new CheckId(value);
            return true;
        }
        id = default;
        return false;
    }

    public override string ToString() => Value;

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
