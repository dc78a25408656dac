using System.Data.Common;

namespace Palisade.Server.Storage;

/// <summary>An image as stored: its inventory (JSON) once per digest, whatever name it was scanned under.</summary>
public sealed record StoredImage(string Digest, string Reference, string Inventory, long FirstSeen, long LastScanned, long MatchedAt);

/// <summary>One advisory affecting one package of an image, with the finding (JSON) that reports it.</summary>
public sealed record StoredVulnerability(string Advisory, string Package, string Version, string Severity, string? FixedVersion, string Body)
{
    public (string, string, string) Key => (Advisory, Package, Version);
}

/// <summary>
/// Image inventories and their current vulnerabilities. Re-matching replaces an image's vulnerability set and tells
/// which advisories are new to it, which is what notifications are made of.
/// </summary>
public sealed class ImageStore(ServerDatabase database, TimeProvider clock)
{
    public async Task SaveAsync(string digest, string reference, string inventory, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var now = Now();
        await Sql.ExecuteAsync(connection,
            "INSERT INTO images (digest, reference, inventory, first_seen, last_scanned, matched_at) VALUES (@digest, @reference, @inventory, @now, @now, @now) " +
            "ON CONFLICT (digest) DO UPDATE SET reference = excluded.reference, inventory = excluded.inventory, last_scanned = excluded.last_scanned",
            cancellationToken, ("@digest", digest), ("@reference", reference), ("@inventory", inventory), ("@now", now)).ConfigureAwait(false);
    }

    /// <summary>Makes <paramref name="current"/> the image's vulnerability set and returns the ones it did not have before.</summary>
    public async Task<IReadOnlyList<StoredVulnerability>> ReplaceVulnerabilitiesAsync(string digest, IReadOnlyList<StoredVulnerability> current, CancellationToken cancellationToken) =>
        (await ReplaceVulnerabilitiesAsync([(digest, current)], cancellationToken).ConfigureAwait(false))[digest];

    /// <summary>
    /// The same for many images in one transaction: only what changed is written (a re-match that finds what was
    /// already known writes nothing but the time it matched), sent as one batch where the driver allows.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<StoredVulnerability>>> ReplaceVulnerabilitiesAsync(
        IReadOnlyList<(string Digest, IReadOnlyList<StoredVulnerability> Current)> images, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var digests = images.Select(i => i.Digest).Distinct().ToList();
        var before = new Dictionary<string, Dictionary<(string, string, string), string>>(StringComparer.Ordinal);
        foreach (var digest in digests)
        {
            before[digest] = [];
        }
        foreach (var chunk in digests.Chunk(500))
        {
            var names = chunk.Select((_, i) => $"@d{i}").ToList();
            var rows = await Sql.QueryAsync(connection, transaction,
                $"SELECT digest, advisory, package, version, body FROM image_vulnerabilities WHERE digest IN ({string.Join(", ", names)})",
                r => (Digest: r.GetString(0), Key: (r.GetString(1), r.GetString(2), r.GetString(3)), Body: r.GetString(4)), cancellationToken,
                [.. chunk.Select((d, i) => ($"@d{i}", (object?)d))]).ConfigureAwait(false);
            foreach (var row in rows)
            {
                before[row.Digest][row.Key] = row.Body;
            }
        }
        var now = Now();
        var statements = new List<(string Text, (string, object?)[] Parameters)>();
        var added = new Dictionary<string, IReadOnlyList<StoredVulnerability>>(StringComparer.Ordinal);
        foreach (var (digest, current) in images)
        {
            var known = before[digest];
            var keep = current.Select(v => v.Key).ToHashSet();
            foreach (var gone in known.Keys.Where(k => !keep.Contains(k)))
            {
                statements.Add(("DELETE FROM image_vulnerabilities WHERE digest = @digest AND advisory = @advisory AND package = @package AND version = @version",
                    [("@digest", digest), ("@advisory", gone.Item1), ("@package", gone.Item2), ("@version", gone.Item3)]));
            }
            var fresh = new List<StoredVulnerability>();
            foreach (var v in current.DistinctBy(v => v.Key))
            {
                if (known.TryGetValue(v.Key, out var body))
                {
                    if (body != v.Body)
                    {
                        statements.Add(("UPDATE image_vulnerabilities SET severity = @severity, fixed_version = @fixed, body = @body WHERE digest = @digest AND advisory = @advisory AND package = @package AND version = @version",
                            [("@digest", digest), ("@advisory", v.Advisory), ("@package", v.Package), ("@version", v.Version), ("@severity", v.Severity), ("@fixed", v.FixedVersion), ("@body", v.Body)]));
                    }
                    continue;
                }
                fresh.Add(v);
                // Two scans of one image may store it at once: the second insert becomes an update, never an error.
                statements.Add(("INSERT INTO image_vulnerabilities (digest, advisory, package, version, severity, fixed_version, first_seen, body) VALUES (@digest, @advisory, @package, @version, @severity, @fixed, @now, @body) " +
                    "ON CONFLICT (digest, advisory, package, version) DO UPDATE SET severity = excluded.severity, fixed_version = excluded.fixed_version, body = excluded.body",
                    [("@digest", digest), ("@advisory", v.Advisory), ("@package", v.Package), ("@version", v.Version), ("@severity", v.Severity), ("@fixed", v.FixedVersion), ("@now", now), ("@body", v.Body)]));
            }
            added[digest] = fresh;
        }
        foreach (var chunk in digests.Chunk(500))
        {
            statements.Add(($"UPDATE images SET matched_at = @now WHERE digest IN ({string.Join(", ", chunk.Select((_, i) => $"@d{i}"))})",
                [("@now", now), .. chunk.Select((d, i) => ($"@d{i}", (object?)d))]));
        }
        await Sql.ExecuteBatchAsync(connection, transaction, statements, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    public async Task<StoredImage?> GetAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await Sql.QueryAsync(connection, "SELECT digest, reference, inventory, first_seen, last_scanned, matched_at FROM images WHERE digest = @digest",
            ReadImage, cancellationToken, ("@digest", digest)).ConfigureAwait(false)).FirstOrDefault();
    }

    public async Task<List<StoredVulnerability>> VulnerabilitiesAsync(string digest, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Sql.QueryAsync(connection,
            "SELECT advisory, package, version, severity, fixed_version, body FROM image_vulnerabilities WHERE digest = @digest ORDER BY advisory, package, version",
            r => new StoredVulnerability(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableString(4), r.GetString(5)),
            cancellationToken, ("@digest", digest)).ConfigureAwait(false);
    }

    /// <summary>Every stored image, a page at a time in digest order, so re-matching never holds them all.</summary>
    public async IAsyncEnumerable<StoredImage> AllAsync(int pageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = "";
        while (true)
        {
            List<StoredImage> page;
            await using (var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
            {
                page = await Sql.QueryAsync(connection,
                    "SELECT digest, reference, inventory, first_seen, last_scanned, matched_at FROM images WHERE digest > @after ORDER BY digest LIMIT @limit",
                    ReadImage, cancellationToken, ("@after", after), ("@limit", (long)pageSize)).ConfigureAwait(false);
            }
            foreach (var image in page)
            {
                yield return image;
            }
            if (page.Count < pageSize)
            {
                yield break;
            }
            after = page[^1].Digest;
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Sql.ScalarAsync<long>(connection, "SELECT COUNT(*) FROM images", cancellationToken).ConfigureAwait(false);
    }

    private static StoredImage ReadImage(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5));

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
