using System.Text.Json;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>NVD API 2.0 CVE pages: only their CVSS ratings, which sit beside the distributions' own ratings.</summary>
public sealed class NvdImporter : IFeedImporter
{
    public string Format => "NVD API 2.0";

    public bool Recognises(FeedFile file) => file.FirstSignificant() == '{' && TreeDocument.HeadContains(file, "\"vulnerabilities\"") && TreeDocument.HeadContains(file, "\"cve\"")
        && !TreeDocument.HeadContains(file, "\"catalogVersion\"");

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        session.BeginSource("nvd", file.Name, snapshot: false);
        using var document = JsonDocument.Parse(file.Content);
        if (!document.RootElement.TryGetProperty("vulnerabilities", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            session.Skip(file.Name, "no vulnerabilities array");
            return;
        }
        foreach (var entry in entries.EnumerateArray())
        {
            if (!entry.TryGetProperty("cve", out var cve) || !cve.TryGetProperty("id", out var id) || id.GetString() is not { } cveId)
            {
                session.Skip(file.Name, "entry without cve.id");
                continue;
            }
            var scores = new List<SeverityScore>();
            if (cve.TryGetProperty("metrics", out var metrics))
            {
                foreach (var (key, type) in new[] { ("cvssMetricV40", "CVSS_V4"), ("cvssMetricV31", "CVSS_V3"), ("cvssMetricV30", "CVSS_V3"), ("cvssMetricV2", "CVSS_V2") })
                {
                    if (!metrics.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array)
                    {
                        continue;
                    }
                    foreach (var metric in list.EnumerateArray())
                    {
                        if (metric.TryGetProperty("cvssData", out var data) && data.TryGetProperty("vectorString", out var vector) && vector.GetString() is { } text)
                        {
                            var rating = data.TryGetProperty("baseSeverity", out var severity) ? severity.GetString()?.ToLowerInvariant()
                                : metric.TryGetProperty("baseSeverity", out var v2) ? v2.GetString()?.ToLowerInvariant() : null;
                            scores.Add(new SeverityScore("nvd", type, text) { Rating = rating });
                        }
                    }
                }
            }
            session.AddSeverities(cveId, "nvd", [.. scores.DistinctBy(s => s.Value)]);
        }
    }
}
