using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Providers;

/// <summary>
/// Where advisories come from when packages are matched: the local SQLite database today, a server's PostgreSQL
/// store tomorrow. Scanners see only this; no database connection crosses a project boundary.
/// </summary>
public interface IAdvisoryProvider : IDisposable
{
    /// <summary>Where the advisories are (a file path, a server), to name in diagnostics.</summary>
    string Location { get; }

    /// <summary>When the newest source was imported; null when nothing has been.</summary>
    DateTimeOffset? UpdatedAt { get; }

    Task<MatchResult> MatchAsync(IReadOnlyCollection<PackageQuery> packages, CancellationToken cancellationToken);
}
