using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Palisade.Server.Storage;

/// <summary>The SQL that differs between the two databases the server runs on; everything else is shared.</summary>
public sealed record SqlDialect(string Name, string Blob, string ClaimLock);

/// <summary>
/// The server's database: SQLite (one file, nothing to install; the default) or PostgreSQL (shared deployments),
/// opened from <c>sqlite:PATH</c> or <c>postgres://user:password@host:port/database</c>. One schema, one set of
/// statements; <see cref="SqlDialect"/> holds the few words that differ.
/// </summary>
public sealed class ServerDatabase : IAsyncDisposable
{
    private static readonly SqlDialect Sqlite = new("sqlite", "BLOB", "");
    private static readonly SqlDialect Postgres = new("postgres", "BYTEA", " FOR UPDATE SKIP LOCKED");

    private readonly string? _sqliteConnectionString;
    private readonly NpgsqlDataSource? _postgres;

    private ServerDatabase(SqlDialect dialect, string shownAs, string? sqliteConnectionString, NpgsqlDataSource? postgres)
    {
        Dialect = dialect;
        ShownAs = shownAs;
        _sqliteConnectionString = sqliteConnectionString;
        _postgres = postgres;
    }

    public SqlDialect Dialect { get; }

    /// <summary>Where the database is, without any password, for logs and errors.</summary>
    public string ShownAs { get; }

    /// <exception cref="ArgumentException">The specification is neither sqlite:PATH nor a postgres:// URL.</exception>
    public static ServerDatabase Open(string specification, string workingDirectory)
    {
        if (specification.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(specification["sqlite:".Length..], workingDirectory);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
            return new ServerDatabase(Sqlite, "sqlite:" + path, builder.ToString(), null);
        }
        if (specification.StartsWith("postgres://", StringComparison.Ordinal) || specification.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            var (connection, shown) = PostgresConnectionString(specification);
            return new ServerDatabase(Postgres, shown, null, NpgsqlDataSource.Create(connection));
        }
        throw new ArgumentException($"--db: '{Redacted(specification)}' is neither sqlite:PATH nor postgres://user:password@host:port/database");
    }

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        var connection = new SqliteConnection(_sqliteConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // WAL lets the API read while the queue writes; the busy timeout waits out a writer instead of failing.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;

    /// <summary>postgres://user:password@host:port/database?sslmode=require as an Npgsql connection string.</summary>
    private static (string Connection, string ShownAs) PostgresConnectionString(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ArgumentException($"--db: '{Redacted(url)}' is not a valid postgres:// URL");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } database ? database : "palisade",
            MaxPoolSize = 20,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "sslmode" && parts.Length == 2 && Enum.TryParse<SslMode>(parts[1], ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
        }
        return (builder.ConnectionString, $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
    }

    private static string Redacted(string specification) =>
        Uri.TryCreate(specification, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? specification.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)] + ":***", StringComparison.Ordinal)
            : specification;
}
