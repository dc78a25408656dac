using System.Data.Common;

namespace Palisade.Server.Storage;

/// <summary>A scan as the API shows it.</summary>
public sealed record ScanRecord(string Id, string Kind, string? Target, string Status, string SubmittedBy, long SubmittedAt, long? StartedAt, long? FinishedAt, int Attempts, string? Error, string? ImageDigest, string? Summary);

/// <summary>A queued scan a worker has taken, with what it needs to run.</summary>
public sealed record ClaimedScan(string Id, string Kind, string? Target, byte[]? Body, int Attempts);

/// <summary>What a finished scan leaves: its summary, every report format, its findings (one JSON object each).</summary>
public sealed record ScanResultRecord(string Summary, IReadOnlyDictionary<string, string> Reports, IReadOnlyList<StoredFinding> Findings, string? ImageDigest);

public sealed record StoredFinding(string CheckId, string Severity, string Body);

/// <summary>
/// The work queue, in the database so that an accepted scan is never lost: a worker claims a scan under a lease it
/// keeps renewing; a scan whose worker died (its lease ran out, or its server restarted) is queued again, and after
/// <see cref="MaxAttempts"/> interrupted runs it is failed with that reason.
/// </summary>
public sealed class ScanStore(ServerDatabase database, TimeProvider clock)
{
    public const int MaxAttempts = 3;
    private const string Columns = "id, kind, target, status, submitted_by, submitted_at, started_at, finished_at, attempts, error, image_digest, summary";

    public async Task<string> SubmitAsync(string kind, string? target, byte[]? body, string submittedBy, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, "INSERT INTO scans (id, kind, target, body, status, submitted_by, submitted_at) VALUES (@id, @kind, @target, @body, 'queued', @by, @at)",
            cancellationToken, ("@id", id), ("@kind", kind), ("@target", target), ("@body", body), ("@by", submittedBy), ("@at", Now())).ConfigureAwait(false);
        return id;
    }

    /// <summary>Takes the oldest queued scan for <paramref name="owner"/>, or null when the queue is empty.</summary>
    public async Task<ClaimedScan?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        var claimed = await Sql.QueryAsync(connection,
            "UPDATE scans SET status = 'running', owner = @owner, started_at = @now, lease_until = @lease, attempts = attempts + 1 " +
            $"WHERE id = (SELECT id FROM scans WHERE status = 'queued' ORDER BY submitted_at, id LIMIT 1{database.Dialect.ClaimLock}) AND status = 'queued' " +
            "RETURNING id, kind, target, body, attempts",
            r => new ClaimedScan(r.GetString(0), r.GetString(1), r.NullableString(2), r.IsDBNull(3) ? null : (byte[])r.GetValue(3), (int)r.GetInt64(4)),
            cancellationToken, ("@owner", owner), ("@now", now), ("@lease", now + (long)lease.TotalMilliseconds)).ConfigureAwait(false);
        return claimed.FirstOrDefault();
    }

    public async Task RenewLeaseAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, "UPDATE scans SET lease_until = @lease WHERE id = @id AND owner = @owner AND status = 'running'",
            cancellationToken, ("@id", id), ("@owner", owner), ("@lease", Now() + (long)lease.TotalMilliseconds)).ConfigureAwait(false);
    }

    /// <summary>Stores a finished scan's reports and findings and marks it done, all or nothing.</summary>
    public async Task CompleteAsync(string id, ScanResultRecord result, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        // A retried scan starts from nothing: whatever an interrupted run stored is replaced.
        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM reports WHERE scan_id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, transaction, "DELETE FROM findings WHERE scan_id = @id", cancellationToken, ("@id", id)).ConfigureAwait(false);
        foreach (var (format, body) in result.Reports)
        {
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO reports (scan_id, format, body) VALUES (@id, @format, @body)", cancellationToken,
                ("@id", id), ("@format", format), ("@body", body)).ConfigureAwait(false);
        }
        for (var i = 0; i < result.Findings.Count; i++)
        {
            var finding = result.Findings[i];
            await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO findings (scan_id, seq, created_at, check_id, severity, image_digest, body) VALUES (@id, @seq, @at, @check, @severity, @digest, @body)",
                cancellationToken, ("@id", id), ("@seq", i), ("@at", now), ("@check", finding.CheckId), ("@severity", finding.Severity), ("@digest", result.ImageDigest), ("@body", finding.Body)).ConfigureAwait(false);
        }
        await Sql.ExecuteAsync(connection, transaction,
            "UPDATE scans SET status = 'done', finished_at = @now, summary = @summary, image_digest = @digest, body = NULL, lease_until = NULL WHERE id = @id",
            cancellationToken, ("@id", id), ("@now", now), ("@summary", result.Summary), ("@digest", result.ImageDigest)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task FailAsync(string id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Sql.ExecuteAsync(connection, "UPDATE scans SET status = 'failed', finished_at = @now, error = @error, body = NULL, lease_until = NULL WHERE id = @id",
            cancellationToken, ("@id", id), ("@now", Now()), ("@error", error)).ConfigureAwait(false);
    }

    /// <summary>
    /// Scans left running by a dead worker: this server's own from before a restart, and any whose lease ran out.
    /// Each is queued again, or failed once it has been interrupted <see cref="MaxAttempts"/> times.
    /// </summary>
    public async Task<int> RecoverAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        var failed = await Sql.ExecuteAsync(connection,
            "UPDATE scans SET status = 'failed', finished_at = @now, body = NULL, lease_until = NULL, " +
            "error = 'interrupted ' || CAST(attempts AS TEXT) || ' times (the server stopped while running it); not retried again' " +
            "WHERE status = 'running' AND (owner = @owner OR lease_until < @now) AND attempts >= @max",
            cancellationToken, ("@now", now), ("@owner", owner), ("@max", MaxAttempts)).ConfigureAwait(false);
        var requeued = await Sql.ExecuteAsync(connection,
            "UPDATE scans SET status = 'queued', owner = NULL, lease_until = NULL WHERE status = 'running' AND (owner = @owner OR lease_until < @now)",
            cancellationToken, ("@now", now), ("@owner", owner)).ConfigureAwait(false);
        return failed + requeued;
    }

    public async Task<ScanRecord?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await Sql.QueryAsync(connection, $"SELECT {Columns} FROM scans WHERE id = @id", Read, cancellationToken, ("@id", id)).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<string?> ReportAsync(string id, string format, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await Sql.QueryAsync(connection, "SELECT body FROM reports WHERE scan_id = @id AND format = @format", r => r.GetString(0), cancellationToken,
            ("@id", id), ("@format", format)).ConfigureAwait(false)).FirstOrDefault();
    }

    /// <summary>Scans by kind and status, for the metrics.</summary>
    public async Task<List<(string Kind, string Status, long Count)>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Sql.QueryAsync(connection, "SELECT kind, status, COUNT(*) FROM scans GROUP BY kind, status ORDER BY kind, status",
            r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken).ConfigureAwait(false);
    }

    private static ScanRecord Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.NullableString(2), r.GetString(3), r.GetString(4), r.GetInt64(5),
        r.NullableInt64(6), r.NullableInt64(7), (int)r.GetInt64(8), r.NullableString(9), r.NullableString(10), r.NullableString(11));

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
