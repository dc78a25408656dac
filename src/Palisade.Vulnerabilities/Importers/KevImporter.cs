using System.Text.Json;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>CISA's Known Exploited Vulnerabilities catalogue (JSON); each import replaces the whole table.</summary>
public sealed class KevImporter : IFeedImporter
{
    public string Format => "CISA KEV";

    public bool Recognises(FeedFile file) => file.FirstSignificant() == '{' && TreeDocument.HeadContains(file, "\"catalogVersion\"");

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        session.BeginSource("cisa-kev", file.Name, snapshot: false);
        using var document = JsonDocument.Parse(file.Content);
        if (!document.RootElement.TryGetProperty("vulnerabilities", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            session.Skip(file.Name, "no vulnerabilities array");
            return;
        }
        session.ClearTable("kev");
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            index++;
            if (Text(entry, "cveID") is not { } cve || !cve.StartsWith("CVE-", StringComparison.Ordinal))
            {
                session.Skip($"{file.Name}: entry {index}", "no cveID");
                continue;
            }
            session.AddKnownExploited(cve, Text(entry, "vendorProject"), Text(entry, "product"), Text(entry, "vulnerabilityName"),
                Text(entry, "dateAdded"), Text(entry, "dueDate"), Text(entry, "knownRansomwareCampaignUse"));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
