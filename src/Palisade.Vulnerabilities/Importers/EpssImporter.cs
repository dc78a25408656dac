using System.Globalization;
using System.Text;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>FIRST's EPSS scores (CSV: "#model_version:…,score_date:…" then cve,epss,percentile); replaces the table.</summary>
public sealed class EpssImporter : IFeedImporter
{
    public string Format => "EPSS";

    public bool Recognises(FeedFile file) => TreeDocument.HeadContains(file, "cve,epss,percentile");

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        session.BeginSource("epss", file.Name, snapshot: false);
        session.ClearTable("epss");
        using var reader = new StringReader(Encoding.UTF8.GetString(file.Content));
        string? date = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                var marker = line.IndexOf("score_date:", StringComparison.Ordinal);
                date = marker >= 0 ? line[(marker + "score_date:".Length)..].Split(',')[0].Trim() : date;
                continue;
            }
            if (line.Length == 0 || line.StartsWith("cve,", StringComparison.Ordinal))
            {
                continue;
            }
            var parts = line.Split(',');
            if (parts.Length < 3 || !parts[0].StartsWith("CVE-", StringComparison.Ordinal)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || score is < 0 or > 1
                || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var percentile) || percentile is < 0 or > 1)
            {
                session.Skip($"{file.Name}:{lineNumber}", "not a 'CVE-…,score,percentile' row with values between 0 and 1");
                continue;
            }
            session.AddEpss(parts[0], score, percentile, date);
        }
    }
}
