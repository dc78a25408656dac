using Microsoft.Data.Sqlite;
using Palisade.Vulnerabilities.Advisories;

namespace Palisade.Vulnerabilities.Matching;

/// <summary>Adds aliases, every source's severity, the chosen rating, CISA KEV and EPSS to a match.</summary>
internal sealed class Enrichment : IDisposable
{
    private static readonly string[] RatingOrder = ["critical", "high", "medium", "low"];
    private readonly SqliteCommand _aliases;
    private readonly SqliteCommand _severities;
    private readonly SqliteCommand? _kev;
    private readonly SqliteCommand? _epss;
    private readonly Dictionary<string, (List<string> Aliases, List<SeverityScore> Severities)> _known = new(StringComparer.Ordinal);

    public Enrichment(SqliteConnection connection)
    {
        _aliases = Prepare(connection, "SELECT alias FROM aliases WHERE vuln_id = $id UNION SELECT vuln_id FROM aliases WHERE alias = $id");
        // The advisory's own ratings and those filed under any of its aliases (a CVE rated by NVD, say), in one query.
        _severities = Prepare(connection, "SELECT source, type, value, rating FROM severities WHERE vuln_id = $id " +
            "OR vuln_id IN (SELECT alias FROM aliases WHERE vuln_id = $id) OR vuln_id IN (SELECT vuln_id FROM aliases WHERE alias = $id)");
        _kev = HasRows(connection, "kev") ? Prepare(connection, "SELECT date_added, due_date, known_ransomware FROM kev WHERE cve = $id") : null;
        _epss = HasRows(connection, "epss") ? Prepare(connection, "SELECT score, percentile, date FROM epss WHERE cve = $id") : null;
    }

    public VulnerabilityMatch Complete(VulnerabilityMatch match)
    {
        if (!_known.TryGetValue(match.AdvisoryId, out var known))
        {
            var found = Strings(_aliases, match.AdvisoryId).Where(a => a != match.AdvisoryId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var ratings = new List<SeverityScore>();
            _severities.Parameters[0].Value = match.AdvisoryId;
            using (var reader = _severities.ExecuteReader())
            {
                while (reader.Read())
                {
                    ratings.Add(new SeverityScore(reader.GetString(0), reader.GetString(1), reader.GetString(2)) { Rating = reader.IsDBNull(3) ? null : reader.GetString(3) });
                }
            }
            known = (found, ratings);
            _known[match.AdvisoryId] = known;
        }
        var aliases = known.Aliases;
        var severities = new List<SeverityScore>(known.Severities);
        if (match.PackageRating is { } packageRating)
        {
            severities.Insert(0, new SeverityScore(match.Source, "release rating", packageRating) { Rating = packageRating });
        }
        // The distribution that built the package knows its impact best; NVD next; then whatever else rates it.
        var chosen = severities.Where(s => s.Rating is not null && RatingOrder.Contains(s.Rating))
            .OrderBy(s => s.Source == match.Source ? 0 : s.Source == "nvd" ? 1 : 2)
            .ThenBy(s => Array.IndexOf(RatingOrder, s.Rating))
            .FirstOrDefault();
        var withCve = match with { Aliases = aliases };
        var cve = withCve.Cve;
        return withCve with
        {
            Severities = severities,
            Rating = chosen?.Rating,
            RatingSource = chosen?.Source,
            KnownExploited = cve is null ? null : Kev(cve),
            Epss = cve is null ? null : Epss(cve),
        };
    }

    private KnownExploited? Kev(string cve)
    {
        if (_kev is null)
        {
            return null;
        }
        _kev.Parameters[0].Value = cve;
        using var reader = _kev.ExecuteReader();
        return reader.Read()
            ? new KnownExploited(reader.IsDBNull(0) ? "" : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2) switch { "Known" => true, "Unknown" => false, _ => null })
            : null;
    }

    private EpssScore? Epss(string cve)
    {
        if (_epss is null)
        {
            return null;
        }
        _epss.Parameters[0].Value = cve;
        using var reader = _epss.ExecuteReader();
        return reader.Read() ? new EpssScore(reader.GetDouble(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
    }

    private static IEnumerable<string> Strings(SqliteCommand command, string id)
    {
        command.Parameters[0].Value = id;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    private static bool HasRows(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table})";
        return (long)command.ExecuteScalar()! == 1;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new SqliteParameter("$id", ""));
        command.Prepare();
        return command;
    }

    public void Dispose()
    {
        _aliases.Dispose();
        _severities.Dispose();
        _kev?.Dispose();
        _epss?.Dispose();
    }
}
