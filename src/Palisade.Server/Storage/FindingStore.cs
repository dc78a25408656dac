using System.Globalization;
using System.Text;

namespace Palisade.Server.Storage;

/// <summary>What <c>GET /api/v1/findings</c> filters on; every field optional.</summary>
public sealed record FindingQuery(IReadOnlyList<string> Severities, string? Check, string? Image, long? Since, string? After, int Limit);

/// <summary>One page of findings and the cursor for the next, null on the last page.</summary>
public sealed record FindingPage(IReadOnlyList<(string ScanId, long CreatedAt, string Body)> Findings, string? Next);

/// <summary>Findings of every finished scan, newest last, paged by an opaque cursor (time, scan, position) so pages never shift.</summary>
public sealed class FindingStore(ServerDatabase database)
{
    public async Task<FindingPage> QueryAsync(FindingQuery query, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("@limit", (long)query.Limit + 1) };
        for (var i = 0; i < query.Severities.Count; i++)
        {
            parameters.Add(($"@severity{i}", query.Severities[i]));
        }
        if (query.Severities.Count > 0)
        {
            where.Add($"severity IN ({string.Join(", ", query.Severities.Select((_, i) => $"@severity{i}"))})");
        }
        if (query.Check is not null)
        {
            where.Add("check_id = @check");
            parameters.Add(("@check", query.Check));
        }
        if (query.Image is not null)
        {
            where.Add("image_digest = @image");
            parameters.Add(("@image", query.Image));
        }
        if (query.Since is not null)
        {
            where.Add("created_at >= @since");
            parameters.Add(("@since", query.Since.Value));
        }
        if (Cursor(query.After) is { } after)
        {
            where.Add("(created_at > @afterTime OR (created_at = @afterTime AND (scan_id > @afterScan OR (scan_id = @afterScan AND seq > @afterSeq))))");
            parameters.AddRange([("@afterTime", after.Time), ("@afterScan", after.Scan), ("@afterSeq", after.Seq)]);
        }
        var sql = "SELECT scan_id, seq, created_at, body FROM findings" + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
            " ORDER BY created_at, scan_id, seq LIMIT @limit";
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await Sql.QueryAsync(connection, sql, r => (Scan: r.GetString(0), Seq: r.GetInt64(1), Time: r.GetInt64(2), Body: r.GetString(3)),
            cancellationToken, [.. parameters]).ConfigureAwait(false);
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? Encode(page[^1].Time, page[^1].Scan, page[^1].Seq) : null;
        return new FindingPage([.. page.Select(r => (r.Scan, r.Time, r.Body))], next);
    }

    /// <summary>Counts by severity, for the metrics.</summary>
    public async Task<List<(string Severity, long Count)>> CountsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Sql.QueryAsync(connection, "SELECT severity, COUNT(*) FROM findings GROUP BY severity ORDER BY severity", r => (r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
    }

    private static string Encode(long time, string scan, long seq) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{time}:{scan}:{seq}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="FormatException">The cursor is not one this server gave out.</exception>
    private static (long Time, string Scan, long Seq)? Cursor(string? text)
    {
        if (text is null)
        {
            return null;
        }
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':');
            return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var time) && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                ? (time, parts[1], seq) : throw new FormatException("the page cursor is not valid");
        }
        catch (FormatException)
        {
            throw new FormatException("the page cursor is not valid");
        }
    }
}
