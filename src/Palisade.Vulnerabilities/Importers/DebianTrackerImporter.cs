using System.Text.Json;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// The Debian Security Tracker's JSON (security-tracker.debian.org/tracker/data/json): source package, then CVE, then
/// release code name with status, fixed version and urgency. Code names map to "Debian:N" through distro-info data.
/// </summary>
public sealed class DebianTrackerImporter : IFeedImporter
{
    public const string SourceName = "debian-tracker";

    public string Format => "Debian Security Tracker";

    public bool Recognises(FeedFile file) =>
        file.FirstSignificant() == '{' && TreeDocument.HeadContains(file, "\"releases\"") && TreeDocument.HeadContains(file, "\"status\"")
        && !TreeDocument.HeadContains(file, "\"affected\"");

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        session.BeginSource(SourceName, file.Name, snapshot: true);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(file.Content, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            session.Skip(file.Name, $"not valid JSON: {ex.Message}");
            return;
        }
        using (document)
        {
            var advisories = new Dictionary<string, (string? Description, List<AffectedPackage> Affected, List<SeverityScore> Severities)>(StringComparer.Ordinal);
            foreach (var package in document.RootElement.EnumerateObject())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (package.Value.ValueKind != JsonValueKind.Object)
                {
                    session.Skip($"{file.Name}: {package.Name}", "package entry is not an object");
                    continue;
                }
                foreach (var cve in package.Value.EnumerateObject())
                {
                    if (cve.Value.ValueKind != JsonValueKind.Object || !cve.Value.TryGetProperty("releases", out var releases) || releases.ValueKind != JsonValueKind.Object)
                    {
                        session.Skip($"{file.Name}: {package.Name}/{cve.Name}", "no releases");
                        continue;
                    }
                    if (!advisories.TryGetValue(cve.Name, out var advisory))
                    {
                        advisory = (Text(cve.Value, "description"), [], []);
                        advisories[cve.Name] = advisory;
                    }
                    foreach (var release in releases.EnumerateObject())
                    {
                        if (DebianReleases.VersionOf(release.Name) is not { } number)
                        {
                            continue; // sid and experimental have no stable release to match
                        }
                        var ecosystem = "Debian:" + number;
                        var status = Text(release.Value, "status");
                        var fixedVersion = Text(release.Value, "fixed_version");
                        var urgency = Text(release.Value, "urgency")?.TrimEnd('*');
                        var noDsaReason = Text(release.Value, "nodsa_reason");
                        AffectedPackage affected;
                        if (status == "resolved" && fixedVersion == "0")
                        {
                            affected = new AffectedPackage(ecosystem, package.Name, AffectedStatus.NotAffected);
                        }
                        else if (status == "resolved" && fixedVersion is { Length: > 0 })
                        {
                            if (!new Versioning.DpkgVersion().IsValid(fixedVersion))
                            {
                                session.Skip($"{file.Name}: {package.Name}/{cve.Name}/{release.Name}", $"'{fixedVersion}' is not a dpkg version");
                                continue;
                            }
                            affected = new AffectedPackage(ecosystem, package.Name, AffectedStatus.Fixed)
                            {
                                Ranges = [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, fixedVersion)])],
                            };
                        }
                        else
                        {
                            var unfixed = urgency == "end-of-life" ? AffectedStatus.EndOfLife : noDsaReason == "ignored" ? AffectedStatus.WillNotFix : AffectedStatus.Affected;
                            affected = new AffectedPackage(ecosystem, package.Name, unfixed)
                            {
                                Ranges = [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0")])],
                            };
                        }
                        advisory.Affected.Add(affected with { Rating = urgency is { Length: > 0 } ? OsvImporter.NormalizeRating(urgency) : null });
                    }
                }
            }
            foreach (var (id, advisory) in advisories)
            {
                session.Add(new Advisory(id, SourceName) { Summary = advisory.Description, Affected = advisory.Affected, Severities = advisory.Severities });
            }
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
