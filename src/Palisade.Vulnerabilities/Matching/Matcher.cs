using Microsoft.Data.Sqlite;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Matching;

/// <summary>
/// Looks installed packages up in the database by exact ecosystem and normalised name (never by loose name
/// similarity), evaluates each advisory's ranges with the ecosystem's own version scheme, and merges what several
/// sources say about the same advisory.
/// </summary>
public sealed class Matcher(SqliteConnection connection)
{
    public MatchResult Match(IEnumerable<PackageQuery> packages, CancellationToken cancellationToken = default)
    {
        var matches = new List<VulnerabilityMatch>();
        var problems = new List<MatchProblem>();
        using var affectedQuery = Command("SELECT a.vuln_id, a.source, a.status, a.ranges, a.versions, v.summary, v.withdrawn, a.rating FROM affected a " +
            "LEFT JOIN vulnerabilities v ON v.id = a.vuln_id AND v.source = a.source WHERE a.ecosystem = $eco AND a.package = $name", "$eco", "$name");
        using var enrichment = new Enrichment(connection);
        var comparisons = new Dictionary<string, Comparison<string>>(StringComparer.Ordinal);
        foreach (var package in packages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scheme = Ecosystems.SchemeFor(package.Ecosystem);
            if (scheme is null)
            {
                continue;
            }
            if (!scheme.IsValid(package.Version))
            {
                problems.Add(new MatchProblem(package, $"'{package.Version}' is not a valid {scheme.Name} version; not matched"));
                continue;
            }
            affectedQuery.Parameters[0].Value = package.Ecosystem;
            affectedQuery.Parameters[1].Value = Ecosystems.NormalizeName(package.Ecosystem, package.Name);
            var found = new Dictionary<string, VulnerabilityMatch>(StringComparer.Ordinal);
            var notAffected = new HashSet<string>(StringComparer.Ordinal);
            using (var reader = affectedQuery.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (!reader.IsDBNull(6))
                    {
                        continue; // withdrawn
                    }
                    var id = reader.GetString(0);
                    var status = AffectedStatusNames.Parse(reader.GetString(2));
                    if (status == AffectedStatus.NotAffected)
                    {
                        notAffected.Add(id);
                        continue;
                    }
                    var affected = new AffectedPackage(package.Ecosystem, package.Name, status)
                    {
                        Ranges = RangeEncoding.DecodeRanges(reader.IsDBNull(3) ? null : reader.GetString(3)),
                        Versions = RangeEncoding.DecodeVersions(reader.IsDBNull(4) ? null : reader.GetString(4)),
                    };
                    RangeEvaluator.Verdict verdict;
                    try
                    {
                        if (!comparisons.TryGetValue(scheme.Name, out var compare))
                        {
                            comparisons[scheme.Name] = compare = scheme.Comparison();
                        }
                        verdict = RangeEvaluator.Evaluate(compare, package.Version, affected);
                    }
                    catch (FormatException ex)
                    {
                        problems.Add(new MatchProblem(package, $"{id}: {ex.Message}"));
                        continue;
                    }
                    if (!verdict.Affected || found.ContainsKey(id))
                    {
                        continue;
                    }
                    found[id] = new VulnerabilityMatch(package, id, reader.GetString(1), verdict.FixedVersion is null && status == AffectedStatus.Fixed ? AffectedStatus.Affected : status)
                    {
                        FixedVersion = verdict.FixedVersion,
                        Summary = reader.IsDBNull(5) ? null : reader.GetString(5),
                        PackageRating = reader.IsDBNull(7) ? null : reader.GetString(7),
                    };
                }
            }
            matches.AddRange(found.Values.Where(m => !notAffected.Contains(m.AdvisoryId)).Select(enrichment.Complete));
        }
        return new MatchResult(matches, problems);
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, ""));
        }
        command.Prepare();
        return command;
    }
}
