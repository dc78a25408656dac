using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// Amazon Linux Security Advisories: the repositories' updateinfo.xml (what dnf/yum read; plain or .gz) and the
/// per-advisory JSON of the vuln-list mirror. The release comes from the advisory id (ALAS2-… is Amazon Linux 2,
/// ALAS2023-… is 2023, ALAS-… the original AMI); each advisory is stored under its ALAS id with its CVEs as aliases,
/// fixing the listed binary rpms at the listed epoch:version-release.
/// </summary>
public sealed partial class AmazonAlasImporter : IFeedImporter
{
    public const string SourceName = "amazon-alas";
    private const long MaxXmlCharacters = 512L * 1024 * 1024;

    public string Format => "Amazon Linux ALAS";

    public bool Recognises(FeedFile file) =>
        (file.FirstSignificant() == '<' && TreeDocument.HeadContains(file, "<updates") && TreeDocument.HeadContains(file, "ALAS"))
        || (file.FirstSignificant() == '{' && TreeDocument.HeadContains(file, "\"ALAS") && TreeDocument.HeadContains(file, "\"packages\""));

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        session.BeginSource(SourceName, file.Name, snapshot: false);
        var updates = file.FirstSignificant() == '<' ? FromUpdateInfo(file) : [FromJson(file)];
        foreach (var update in updates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Release(update.Id) is not { } release)
            {
                session.Skip($"{file.Name}: {update.Id}", "not an Amazon Linux advisory id (ALAS-, ALAS2-, ALAS2023-…)");
                continue;
            }
            var fixes = new Dictionary<string, string>(StringComparer.Ordinal);
            var scheme = new Versioning.RpmVersion();
            foreach (var (name, epoch, version, release_) in update.Packages)
            {
                var evr = epoch is null or "" or "0" ? $"{version}-{release_}" : $"{epoch}:{version}-{release_}";
                if (!scheme.IsValid(evr))
                {
                    session.Skip($"{file.Name}: {update.Id}/{name}", $"'{evr}' is not an rpm version");
                    continue;
                }
                // One package built for several architectures: the same fix, listed once.
                if (!fixes.TryGetValue(name, out var known) || scheme.Compare(evr, known) > 0)
                {
                    fixes[name] = evr;
                }
            }
            if (fixes.Count == 0)
            {
                session.Skip($"{file.Name}: {update.Id}", "lists no package");
                continue;
            }
            var rating = update.Severity is { } severity ? OsvImporter.NormalizeRating(severity) : null;
            session.Add(new Advisory(update.Id, SourceName)
            {
                Summary = update.Title,
                Published = OsvImporter.Date(update.Issued),
                Modified = OsvImporter.Date(update.Updated),
                Aliases = update.Cves,
                Affected = [.. fixes.OrderBy(fix => fix.Key, StringComparer.Ordinal).Select(fix => new AffectedPackage(release, fix.Key, AffectedStatus.Fixed)
                {
                    Ranges = [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, fix.Value)])],
                    Rating = rating,
                })],
                Severities = rating is null ? [] : [new SeverityScore(SourceName, "rating", update.Severity!) { Rating = rating }],
            });
        }
    }

    /// <summary>"Amazon Linux:2" from ALAS2-2021-1699; the kernel and extras streams of a release count as the release.</summary>
    public static string? Release(string id) => AlasId().Match(id) is { Success: true } match
        ? "Amazon Linux:" + (match.Groups[1].Value is { Length: > 0 } number ? number : "1")
        : null;

    private sealed record Update(string Id, string? Title, string? Severity, string? Issued, string? Updated, IReadOnlyList<string> Cves, IReadOnlyList<(string Name, string? Epoch, string Version, string Release)> Packages);

    private static List<Update> FromUpdateInfo(FeedFile file)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxXmlCharacters, IgnoreComments = true };
        using var reader = XmlReader.Create(new MemoryStream(file.Content), settings);
        var document = XDocument.Load(reader);
        return [.. document.Root!.Elements().Where(e => e.Name.LocalName == "update").Select(update =>
        {
            string? Child(string name) => update.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
            string? Date(string name) => update.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Attribute("date")?.Value;
            var cves = update.Descendants().Where(e => e.Name.LocalName == "reference" && e.Attribute("type")?.Value == "cve")
                .Select(e => e.Attribute("id")?.Value).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var packages = update.Descendants().Where(e => e.Name.LocalName == "package")
                .Select(p => (Name: p.Attribute("name")?.Value, Epoch: p.Attribute("epoch")?.Value, Version: p.Attribute("version")?.Value, Release: p.Attribute("release")?.Value))
                .Where(p => p.Name is not null && p.Version is not null && p.Release is not null)
                .Select(p => (p.Name!, p.Epoch, p.Version!, p.Release!)).ToList();
            return new Update(Child("id") ?? "", Child("title"), Child("severity"), Date("issued"), Date("updated"), cves, packages);
        })];
    }

    private static Update FromJson(FeedFile file)
    {
        using var document = JsonDocument.Parse(file.Content, new JsonDocumentOptions { MaxDepth = 16 });
        var root = document.RootElement;
        string? Text(JsonElement owner, string name) => owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        string? Date(string name) => root.TryGetProperty(name, out var value) ? Text(value, "date") : null;
        var cves = root.TryGetProperty("cveids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList() : [];
        var packages = root.TryGetProperty("packages", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => (Name: Text(p, "name"), Epoch: Text(p, "epoch"), Version: Text(p, "version"), Release: Text(p, "release")))
                .Where(p => p.Name is not null && p.Version is not null && p.Release is not null).Select(p => (p.Name!, p.Epoch, p.Version!, p.Release!)).ToList()
            : [];
        return new Update(Text(root, "id") ?? "", Text(root, "title"), Text(root, "severity"), Date("issued"), Date("updated"), cves, packages);
    }

    [GeneratedRegex(@"^ALAS(\d*)(?:KERNEL|EXTRAS|ECS|DOCKER|NITRO|LIVEPATCH)?[-A-Z0-9.]*?-\d{4}-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex AlasId();
}
