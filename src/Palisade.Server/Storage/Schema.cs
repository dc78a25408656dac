using System.Data.Common;

namespace Palisade.Server.Storage;

/// <summary>
/// The server's schema as numbered migrations, applied in order at start, each in its own transaction and recorded
/// in schema_migrations; the same statements on SQLite and PostgreSQL (only the blob type differs). A database
/// newer than this server is refused rather than used.
/// </summary>
public static class Schema
{
    private static IReadOnlyList<string> Migrations(SqlDialect dialect) =>
    [
        $"""
        CREATE TABLE scans (
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT, body {dialect.Blob}, status TEXT NOT NULL,
            submitted_by TEXT NOT NULL, submitted_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT,
            attempts INTEGER NOT NULL DEFAULT 0, owner TEXT, lease_until BIGINT, error TEXT, image_digest TEXT, summary TEXT);
        CREATE INDEX scans_queue ON scans (status, submitted_at);
        CREATE TABLE reports (scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE, format TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (scan_id, format));
        CREATE TABLE findings (
            scan_id TEXT NOT NULL REFERENCES scans (id) ON DELETE CASCADE, seq INTEGER NOT NULL, created_at BIGINT NOT NULL,
            check_id TEXT NOT NULL, severity TEXT NOT NULL, image_digest TEXT, body TEXT NOT NULL, PRIMARY KEY (scan_id, seq));
        CREATE INDEX findings_by_time ON findings (created_at, scan_id, seq);
        CREATE TABLE images (
            digest TEXT PRIMARY KEY, reference TEXT NOT NULL, inventory TEXT NOT NULL, first_seen BIGINT NOT NULL,
            last_scanned BIGINT NOT NULL, matched_at BIGINT NOT NULL);
        CREATE TABLE image_vulnerabilities (
            digest TEXT NOT NULL REFERENCES images (digest) ON DELETE CASCADE, advisory TEXT NOT NULL, package TEXT NOT NULL,
            version TEXT NOT NULL, severity TEXT NOT NULL, fixed_version TEXT, first_seen BIGINT NOT NULL, body TEXT NOT NULL,
            PRIMARY KEY (digest, advisory, package, version));
        CREATE TABLE server_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ];

    public static int Latest(SqlDialect dialect) => Migrations(dialect).Count;

    public static async Task MigrateAsync(ServerDatabase database, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (database.Dialect.Name == "postgres")
        {
            // Two servers starting on one database take turns; the lock ends with the session.
            await Sql.ExecuteAsync(connection, "SELECT pg_advisory_lock(725001)", cancellationToken).ConfigureAwait(false);
        }
        await Sql.ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var applied = await Sql.ScalarAsync<long?>(connection, "SELECT MAX(version) FROM schema_migrations", cancellationToken).ConfigureAwait(false) ?? 0;
        var migrations = Migrations(database.Dialect);
        if (applied > migrations.Count)
        {
            throw new InvalidOperationException($"{database.ShownAs}: schema version {applied} is newer than this server's ({migrations.Count}); upgrade Palisade");
        }
        for (var version = (int)applied + 1; version <= migrations.Count; version++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in migrations[version - 1].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @at)";
                AddParameter(record, "@version", version);
                AddParameter(record, "@at", clock.GetUtcNow().ToUnixTimeMilliseconds());
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
