using Microsoft.Data.Sqlite;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Providers;

/// <summary>Advisories from the local SQLite database, read-only; lookups are local and synchronous underneath.</summary>
internal sealed class SqliteAdvisoryProvider(SqliteConnection connection, string location, DateTimeOffset? updatedAt) : IAdvisoryProvider
{
    public string Location { get; } = location;

    public DateTimeOffset? UpdatedAt { get; } = updatedAt;

    public Task<MatchResult> MatchAsync(IReadOnlyCollection<PackageQuery> packages, CancellationToken cancellationToken) =>
        Task.FromResult(new Matcher(connection).Match(packages, cancellationToken));

    public void Dispose() => connection.Dispose();
}
