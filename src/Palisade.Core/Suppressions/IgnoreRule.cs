using Palisade.Core.Findings;

namespace Palisade.Core.Suppressions;

/// <summary>One entry of <c>.palisadeignore.yaml</c>: which check, on which resources, why, and until when.</summary>
public sealed record IgnoreRule(
    string Check,
    string Reason,
    DateOnly? Expires,
    string? Kind,
    string? Namespace,
    string? Name,
    string? Container,
    string? File,
    string Source)
{
    public bool IsExpired(DateOnly today) => Expires is { } expires && expires < today;

    public bool Matches(Finding finding)
    {
        if (!string.Equals(Check, finding.Check.Id.Value, StringComparison.Ordinal)
            && !finding.Check.Aliases.Contains(Check, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        var target = finding.Target;
        return Selects(Kind, target.Resource?.Kind)
            && Selects(Namespace, target.Resource?.Namespace ?? "")
            && Selects(Name, target.Resource?.Name)
            && Selects(Container, target.Container)
            && Selects(File, target.Location?.File);
    }

    private static bool Selects(string? pattern, string? value) =>
        pattern is null || (value is not null && Glob.IsMatch(pattern, value));
}
