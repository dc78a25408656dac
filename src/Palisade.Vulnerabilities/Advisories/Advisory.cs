namespace Palisade.Vulnerabilities.Advisories;

/// <summary>
/// One advisory as Palisade stores it, in OSV terms whatever feed it came from: an id, its aliases, the packages it
/// concerns (each with ranges, explicit versions and a status) and the severities its sources give.
/// </summary>
public sealed record Advisory(string Id, string Source)
{
    public string? Summary { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public DateTimeOffset? Withdrawn { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<AffectedPackage> Affected { get; init; } = [];
    public IReadOnlyList<SeverityScore> Severities { get; init; } = [];
}

/// <summary>What an advisory says about one package in one ecosystem (e.g. "Alpine:v3.11" / "openssl").</summary>
public sealed record AffectedPackage(string Ecosystem, string Package, AffectedStatus Status)
{
    public IReadOnlyList<VersionRange> Ranges { get; init; } = [];

    /// <summary>Versions listed one by one as affected (OSV "versions").</summary>
    public IReadOnlyList<string> Versions { get; init; } = [];

    /// <summary>The source's rating for this package in this release (Debian's per-release urgency), when it has one.</summary>
    public string? Rating { get; init; }
}

public enum AffectedStatus
{
    Affected,
    Fixed,
    NotAffected,
    WillNotFix,
    EndOfLife,
}

public enum RangeType
{
    Ecosystem,
    Semver,
    Git,
}

public enum RangeEventKind
{
    Introduced,
    Fixed,
    LastAffected,
    Limit,
}

public sealed record RangeEvent(RangeEventKind Kind, string Version);

public sealed record VersionRange(RangeType Type, IReadOnlyList<RangeEvent> Events);

/// <summary>A severity as one source rates it: a CVSS vector, a score, or a word ("high", "unimportant").</summary>
public sealed record SeverityScore(string Source, string Type, string Value)
{
    public string? Rating { get; init; }
}

public static class AffectedStatusNames
{
    public static string ToSlug(this AffectedStatus status) => status switch
    {
        AffectedStatus.Affected => "affected",
        AffectedStatus.Fixed => "fixed",
        AffectedStatus.NotAffected => "not-affected",
        AffectedStatus.WillNotFix => "will-not-fix",
        AffectedStatus.EndOfLife => "end-of-life",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static AffectedStatus Parse(string slug) => slug switch
    {
        "affected" => AffectedStatus.Affected,
        "fixed" => AffectedStatus.Fixed,
        "not-affected" => AffectedStatus.NotAffected,
        "will-not-fix" => AffectedStatus.WillNotFix,
        "end-of-life" => AffectedStatus.EndOfLife,
        _ => throw new FormatException($"unknown affected status '{slug}'"),
    };
}
