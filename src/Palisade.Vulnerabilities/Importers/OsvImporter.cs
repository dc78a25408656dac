using System.Globalization;
using Palisade.Core.Yaml;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// OSV records (JSON, or the YAML form PyPA keeps): one advisory per file, each affected package with its ranges and
/// versions. A record is kept whole or skipped whole with the reason: unknown range types, events that are not
/// versions of the ecosystem, a missing id.
/// </summary>
public sealed class OsvImporter : IFeedImporter
{
    public string Format => "OSV";

    public bool Recognises(FeedFile file) =>
        (file.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        && (TreeDocument.HeadContains(file, "\"id\"") || TreeDocument.HeadContains(file, "id:"))
        && (TreeDocument.HeadContains(file, "modified") || TreeDocument.HeadContains(file, "affected"))
        && !TreeDocument.HeadContains(file, "\"packages\"");

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        switch (TreeDocument.ParseAny(file, out var error))
        {
            case YamlMapping record:
                ImportRecord(file.Name, record, session);
                break;
            case YamlSequence records:
                foreach (var item in records.Items)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (item is YamlMapping record)
                    {
                        ImportRecord($"{file.Name}:{item.Start.Line}", record, session);
                    }
                    else
                    {
                        session.Skip($"{file.Name}:{item.Start.Line}", "not an OSV record");
                    }
                }
                break;
            default:
                session.Skip(file.Name, error ?? "not an OSV record");
                break;
        }
    }

    private static void ImportRecord(string where, YamlMapping root, ImportSession session)
    {
        var advisory = Convert(root, out var reason);
        var sourceName = "osv:" + (advisory?.Affected.FirstOrDefault()?.Ecosystem.Split(':')[0] ?? "other");
        session.BeginSource(sourceName, "OSV", snapshot: false);
        if (advisory is null)
        {
            session.Skip(where, reason!);
            return;
        }
        session.Add(advisory with { Source = sourceName, Severities = [.. advisory.Severities.Select(s => s with { Source = sourceName })] });
    }

    public static Advisory? Convert(YamlMapping root, out string? reason)
    {
        reason = null;
        if (root.Str("id") is not { Length: > 0 } id)
        {
            reason = "no id";
            return null;
        }
        var affected = new List<AffectedPackage>();
        var severities = new List<SeverityScore>();
        Severities(root, severities);
        foreach (var entry in root.Maps("affected"))
        {
            var package = entry.Map("package");
            var ecosystem = package?.Str("ecosystem");
            var name = package?.Str("name");
            if (ecosystem is null || name is null)
            {
                // Records about a git repository alone (no package) cannot match an installed package.
                continue;
            }
            ecosystem = Ecosystems.NormalizeEcosystem(ecosystem);
            var scheme = Ecosystems.SchemeFor(ecosystem);
            var ranges = new List<VersionRange>();
            foreach (var range in entry.Maps("ranges"))
            {
                var type = range.Str("type") switch
                {
                    "ECOSYSTEM" => RangeType.Ecosystem,
                    "SEMVER" => RangeType.Semver,
                    "GIT" => RangeType.Git,
                    _ => (RangeType?)null,
                };
                if (type is null)
                {
                    reason = $"line {range.Start.Line}: unknown range type '{range.Str("type")}'";
                    return null;
                }
                var events = new List<RangeEvent>();
                foreach (var e in range.Maps("events"))
                {
                    foreach (var field in e.Entries)
                    {
                        var kind = field.Key.Value switch
                        {
                            "introduced" => RangeEventKind.Introduced,
                            "fixed" => RangeEventKind.Fixed,
                            "last_affected" => RangeEventKind.LastAffected,
                            "limit" => RangeEventKind.Limit,
                            _ => (RangeEventKind?)null,
                        };
                        if (kind is null || field.Value is not YamlScalar value)
                        {
                            reason = $"line {field.Key.Start.Line}: unknown event '{field.Key.Value}'";
                            return null;
                        }
                        if (type != RangeType.Git && kind != RangeEventKind.Limit && scheme is not null && !(kind == RangeEventKind.Introduced && value.Value == "0") && !scheme.IsValid(value.Value))
                        {
                            reason = $"line {value.Start.Line}: '{value.Value}' is not a {scheme.Name} version ({ecosystem})";
                            return null;
                        }
                        if (!Store.RangeEncoding.IsStorable(value.Value))
                        {
                            reason = $"line {value.Start.Line}: a version with control characters";
                            return null;
                        }
                        events.Add(new RangeEvent(kind.Value, value.Value));
                    }
                }
                ranges.Add(new VersionRange(type.Value, events));
            }
            var versions = entry.Strings("versions").Where(Store.RangeEncoding.IsStorable).ToList();
            var hasFix = ranges.Any(r => r.Type != RangeType.Git && r.Events.Any(e => e.Kind == RangeEventKind.Fixed));
            affected.Add(new AffectedPackage(ecosystem, Ecosystems.NormalizeName(ecosystem, name), hasFix ? AffectedStatus.Fixed : AffectedStatus.Affected)
            {
                Ranges = ranges,
                Versions = versions,
            });
            if (entry.Map("database_specific")?.Str("severity") is { } packageSeverity)
            {
                severities.Add(new SeverityScore("osv", "rating", packageSeverity) { Rating = NormalizeRating(packageSeverity) });
            }
            Severities(entry, severities);
        }
        if (root.Map("database_specific")?.Str("severity") is { } recordSeverity)
        {
            severities.Add(new SeverityScore("osv", "rating", recordSeverity) { Rating = NormalizeRating(recordSeverity) });
        }
        return new Advisory(id, "osv")
        {
            Summary = root.Str("summary") ?? FirstLine(root.Str("details")),
            Published = Date(root.Str("published")),
            Modified = Date(root.Str("modified")),
            Withdrawn = Date(root.Str("withdrawn")),
            Aliases = [.. root.Strings("aliases"), .. root.Strings("upstream")],
            Affected = affected,
            Severities = [.. severities.DistinctBy(s => (s.Type, s.Value))],
        };
    }

    private static void Severities(YamlMapping node, List<SeverityScore> into)
    {
        foreach (var severity in node.Maps("severity"))
        {
            if (severity.Str("type") is { } type && severity.Str("score") is { } score)
            {
                var rating = type.StartsWith("CVSS_V3", StringComparison.Ordinal) && CvssV3.BaseScore(score) is { } value ? CvssV3.Rating(value)
                    : type == "Ubuntu" ? NormalizeRating(score) : null;
                into.Add(new SeverityScore("osv", type, score) { Rating = rating });
            }
        }
    }

    internal static string? NormalizeRating(string text) => text.Trim().ToLowerInvariant() switch
    {
        "critical" => "critical",
        "high" or "important" => "high",
        "medium" or "moderate" => "medium",
        "low" or "negligible" or "unimportant" => "low",
        _ => null,
    };

    private static string? FirstLine(string? text) => text?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? (line.Length > 200 ? line[..200] + "…" : line) : null;

    internal static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
