using System.Globalization;
using Microsoft.Data.Sqlite;
using Palisade.Vulnerabilities.Advisories;

namespace Palisade.Vulnerabilities.Store;

/// <summary>
/// Writes one import into a private copy of the database inside one transaction. Importers call
/// <see cref="BeginSource"/> per feed, then add advisories, scores and skips; nothing is visible to readers until
/// <see cref="VulnerabilityStore.ImportAsync"/> swaps the finished file in.
/// </summary>
public sealed class ImportSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, SourceCounter> _sources = new(StringComparer.Ordinal);
    private readonly List<SkippedRecord> _skipped = [];
    private readonly SqliteCommand _insertVulnerability;
    private readonly SqliteCommand _insertAlias;
    private readonly SqliteCommand _insertAffected;
    private readonly SqliteCommand _insertSeverity;
    private SourceCounter? _current;

    private sealed class SourceCounter(string name, string origin, bool snapshot)
    {
        public string Name { get; } = name;
        public bool Snapshot { get; } = snapshot;
        public string Origin { get; } = origin;
        public long Records { get; set; }
        public long Skipped { get; set; }
    }

    internal ImportSession(SqliteConnection connection, TimeProvider clock)
    {
        _connection = connection;
        _clock = clock;
        _transaction = connection.BeginTransaction();
        _insertVulnerability = Prepare("INSERT OR REPLACE INTO vulnerabilities (id, source, summary, published, modified, withdrawn) VALUES ($1, $2, $3, $4, $5, $6)", 6);
        _insertAlias = Prepare("INSERT OR IGNORE INTO aliases (vuln_id, source, alias) VALUES ($1, $2, $3)", 3);
        _insertAffected = Prepare("INSERT INTO affected (vuln_id, source, ecosystem, package, status, ranges, versions, rating) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8);
        _insertSeverity = Prepare("INSERT INTO severities (vuln_id, source, type, value, rating) VALUES ($1, $2, $3, $4, $5)", 5);
    }

    public IReadOnlyList<SkippedRecord> Skipped => _skipped;

    /// <summary>Starts (or continues) a feed. A snapshot feed replaces everything it held before.</summary>
    public void BeginSource(string name, string origin, bool snapshot)
    {
        if (!_sources.TryGetValue(name, out var counter))
        {
            counter = new SourceCounter(name, origin, snapshot);
            _sources[name] = counter;
            if (snapshot)
            {
                foreach (var table in new[] { "vulnerabilities", "aliases", "affected", "severities" })
                {
                    Execute($"DELETE FROM {table} WHERE source = $1", name);
                }
            }
        }
        _current = counter;
    }

    /// <summary>Adds an advisory, replacing what the same source said about the same id before.</summary>
    public void Add(Advisory advisory)
    {
        var source = Current(advisory.Source);
        if (!source.Snapshot)
        {
            foreach (var table in new[] { "aliases", "affected", "severities" })
            {
                Execute($"DELETE FROM {table} WHERE vuln_id = $1 AND source = $2", advisory.Id, advisory.Source);
            }
        }
        Run(_insertVulnerability, advisory.Id, advisory.Source, advisory.Summary, Date(advisory.Published), Date(advisory.Modified), Date(advisory.Withdrawn));
        foreach (var alias in advisory.Aliases.Where(a => a != advisory.Id).Distinct(StringComparer.Ordinal))
        {
            Run(_insertAlias, advisory.Id, advisory.Source, alias);
        }
        foreach (var affected in advisory.Affected)
        {
            Run(_insertAffected, advisory.Id, advisory.Source, affected.Ecosystem, affected.Package, affected.Status.ToSlug(),
                RangeEncoding.Encode(affected.Ranges), RangeEncoding.Encode(affected.Versions), affected.Rating);
        }
        foreach (var severity in advisory.Severities)
        {
            Run(_insertSeverity, advisory.Id, severity.Source, severity.Type, severity.Value, severity.Rating);
        }
        source.Records++;
    }

    /// <summary>Adds severities only (a rating feed such as NVD), replacing the same source's earlier ones for the id.</summary>
    public void AddSeverities(string vulnerabilityId, string sourceName, IReadOnlyList<SeverityScore> scores)
    {
        Current(sourceName).Records++;
        Execute("DELETE FROM severities WHERE vuln_id = $1 AND source = $2", vulnerabilityId, sourceName);
        foreach (var severity in scores)
        {
            Run(_insertSeverity, vulnerabilityId, severity.Source, severity.Type, severity.Value, severity.Rating);
        }
    }

    public void AddKnownExploited(string cve, string? vendor, string? product, string? name, string? dateAdded, string? dueDate, string? ransomware)
    {
        Current(null).Records++;
        Execute("INSERT OR REPLACE INTO kev (cve, vendor, product, name, date_added, due_date, known_ransomware) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            cve, vendor, product, name, dateAdded, dueDate, ransomware);
    }

    public void AddEpss(string cve, double score, double percentile, string? date)
    {
        Current(null).Records++;
        Execute("INSERT OR REPLACE INTO epss (cve, score, percentile, date) VALUES ($1, $2, $3, $4)", cve, score, percentile, date);
    }

    public void ClearTable(string table)
    {
        if (table is not ("kev" or "epss"))
        {
            throw new ArgumentOutOfRangeException(nameof(table));
        }
        Execute($"DELETE FROM {table}");
    }

    /// <summary>Stops attributing skips to the last feed (e.g. before reading the next file).</summary>
    public void EndSource() => _current = null;

    public void Skip(string where, string reason, bool wholeInput = false)
    {
        // Parsers quote what they choke on; a mutated name can be a megabyte long.
        const int MaxReason = 400;
        reason = reason.Length > MaxReason ? reason[..MaxReason] + "…" : reason;
        _skipped.Add(new SkippedRecord(where, reason) { WholeInput = wholeInput });
        if (_current is not null)
        {
            _current.Skipped++;
        }
    }

    internal IReadOnlyList<SourceInfo> Commit()
    {
        var now = _clock.GetUtcNow();
        var sources = new List<SourceInfo>();
        foreach (var counter in _sources.Values)
        {
            var info = new SourceInfo(counter.Name, counter.Origin, now, counter.Records, counter.Skipped);
            sources.Add(info);
            Execute("INSERT OR REPLACE INTO sources (name, origin, imported_at, records, skipped) VALUES ($1, $2, $3, $4, $5)",
                info.Name, info.Origin, Date(now), info.Records, info.Skipped);
        }
        Execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('updated_at', $1)", Date(now));
        _transaction.Commit();
        return sources;
    }

    private SourceCounter Current(string? name) =>
        (name is null ? _current : _sources.GetValueOrDefault(name)) ?? throw new InvalidOperationException($"no source begun for '{name}'");

    private SqliteCommand Prepare(string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        for (var i = 1; i <= parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null));
        }
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }

    private void Execute(string sql, params object?[] values)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.AddWithValue("$" + (i + 1).ToString(CultureInfo.InvariantCulture), values[i] ?? DBNull.Value);
        }
        command.ExecuteNonQuery();
    }

    internal static string? Date(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _insertVulnerability.Dispose();
        _insertAlias.Dispose();
        _insertAffected.Dispose();
        _insertSeverity.Dispose();
        _transaction.Dispose();
    }
}
