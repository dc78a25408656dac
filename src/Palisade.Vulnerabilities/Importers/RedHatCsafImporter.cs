using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// Red Hat's CSAF 2.0 documents: the per-CVE VEX files (security.access.redhat.com/data/csaf/v2/vex/) and RHSA
/// advisories. A product id names a component (an rpm, by purl) as part of a platform (a product, by CPE); only Red Hat
/// Enterprise Linux platforms ("cpe:/o:redhat:enterprise_linux:9::baseos") become the ecosystem "Red Hat:9", the one
/// RHEL and UBI images are matched in. Fixed, affected and not-affected come from the product status and the
/// remediations (vendor_fix, no_fix_planned, none_available); Red Hat's impact rating is kept per package.
/// </summary>
public sealed partial class RedHatCsafImporter : IFeedImporter
{
    public const string VexSource = "redhat-vex";
    public const string AdvisorySource = "redhat-csaf";

    public string Format => "Red Hat CSAF";

    public bool Recognises(FeedFile file) =>
        file.FirstSignificant() == '{' && TreeDocument.HeadContains(file, "\"csaf_version\"");

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(file.Content, new JsonDocumentOptions { MaxDepth = 64 });
        var root = document.RootElement;
        var category = Text(Property(root, "document"), "category");
        session.BeginSource(category == "csaf_vex" ? VexSource : AdvisorySource, file.Name, snapshot: false);
        var products = ProductTree.Read(Property(root, "product_tree"));
        var advisoryId = Text(Property(Property(root, "document"), "tracking"), "id");
        if (Property(root, "vulnerabilities") is not { ValueKind: JsonValueKind.Array } vulnerabilities)
        {
            session.Skip(file.Name, "no vulnerabilities");
            return;
        }
        foreach (var vulnerability in vulnerabilities.EnumerateArray())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Text(vulnerability, "cve") is not { } cve)
            {
                session.Skip(file.Name, "a vulnerability without a CVE id");
                continue;
            }
            var affected = Affected(vulnerability, products);
            if (affected.Count == 0)
            {
                session.Skip($"{file.Name}: {cve}", "no Red Hat Enterprise Linux package in it (other products are not matched in images)");
                continue;
            }
            var aliases = Remediations(vulnerability).Select(r => Text(r, "url")).OfType<string>()
                .Select(url => ErrataId().Match(url)).Where(m => m.Success).Select(m => m.Value)
                .Append(advisoryId).OfType<string>().Where(id => id != cve).Distinct(StringComparer.Ordinal).ToList();
            session.Add(new Advisory(cve, category == "csaf_vex" ? VexSource : AdvisorySource)
            {
                Summary = Text(vulnerability, "title") ?? Notes(vulnerability, "summary"),
                Published = OsvImporter.Date(Text(vulnerability, "release_date")),
                Aliases = aliases,
                Affected = affected,
                Severities = Scores(vulnerability),
            });
        }
    }

    /// <summary>One entry per (release, package): fixed wins over not fixed, and the highest fixed version is kept.</summary>
    private static List<AffectedPackage> Affected(JsonElement vulnerability, ProductTree products)
    {
        var impact = Threat(vulnerability);
        var status = Property(vulnerability, "product_status");
        var entries = new List<(string Ecosystem, string Package, AffectedStatus Status, string? Fixed)>();
        void Add(IEnumerable<string> ids, AffectedStatus kind)
        {
            foreach (var id in ids)
            {
                if (products.Resolve(id) is { } component && component.Ecosystem is { } ecosystem)
                {
                    entries.Add((ecosystem, component.Name, kind, kind == AffectedStatus.Fixed ? component.Version : null));
                }
            }
        }
        Add(Ids(status, "fixed").Concat(Ids(status, "first_fixed")), AffectedStatus.Fixed);
        Add(Ids(status, "known_affected"), AffectedStatus.Affected);
        Add(Ids(status, "known_not_affected"), AffectedStatus.NotAffected);
        foreach (var remediation in Remediations(vulnerability))
        {
            var ids = Ids(remediation, "product_ids");
            switch (Text(remediation, "category"))
            {
                case "vendor_fix":
                    Add(ids, AffectedStatus.Fixed);
                    break;
                case "no_fix_planned":
                    Add(ids, Text(remediation, "details")?.Contains("Out of support", StringComparison.OrdinalIgnoreCase) == true ? AffectedStatus.EndOfLife : AffectedStatus.WillNotFix);
                    break;
                case "none_available":
                    Add(ids, AffectedStatus.Affected);
                    break;
            }
        }
        var scheme = new Versioning.RpmVersion();
        return [.. entries.GroupBy(e => (e.Ecosystem, e.Package)).Select(group =>
        {
            var fixes = group.Where(e => e.Status == AffectedStatus.Fixed && e.Fixed is not null).Select(e => e.Fixed!).ToList();
            if (fixes.Count > 0)
            {
                var highest = fixes.Aggregate((a, b) => scheme.Compare(a, b) >= 0 ? a : b);
                return new AffectedPackage(group.Key.Ecosystem, group.Key.Package, AffectedStatus.Fixed)
                {
                    Ranges = [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, highest)])],
                    Rating = impact,
                };
            }
            // A remediation refines "known affected" (no fix planned, out of support); not affected counts only alone.
            var kind = group.Select(e => e.Status).Where(s => s != AffectedStatus.Fixed).OrderBy(s => s switch
            {
                AffectedStatus.WillNotFix => 0,
                AffectedStatus.EndOfLife => 1,
                AffectedStatus.Affected => 2,
                _ => 3,
            }).First();
            return new AffectedPackage(group.Key.Ecosystem, group.Key.Package, kind)
            {
                Ranges = kind == AffectedStatus.NotAffected ? [] : [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0")])],
                Rating = impact,
            };
        })];
    }

    private static List<SeverityScore> Scores(JsonElement vulnerability)
    {
        var scores = new List<SeverityScore>();
        if (Property(vulnerability, "scores") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var score in list.EnumerateArray())
            {
                if (Text(Property(score, "cvss_v3"), "vectorString") is { } vector)
                {
                    scores.Add(new SeverityScore("redhat", "CVSS_V3", vector) { Rating = Text(Property(score, "cvss_v3"), "baseSeverity")?.ToLowerInvariant() });
                }
            }
        }
        if (Threat(vulnerability) is { } rating)
        {
            scores.Add(new SeverityScore("redhat", "rating", rating) { Rating = rating });
        }
        return scores;
    }

    /// <summary>Red Hat's impact ("Important") as our rating word.</summary>
    private static string? Threat(JsonElement vulnerability) =>
        Property(vulnerability, "threats") is { ValueKind: JsonValueKind.Array } threats
            ? threats.EnumerateArray().Where(t => Text(t, "category") == "impact").Select(t => Text(t, "details")).OfType<string>().Select(OsvImporter.NormalizeRating).FirstOrDefault(r => r is not null)
            : null;

    private static string? Notes(JsonElement vulnerability, string category) =>
        Property(vulnerability, "notes") is { ValueKind: JsonValueKind.Array } notes
            ? notes.EnumerateArray().Where(n => Text(n, "category") == category).Select(n => Text(n, "text")).FirstOrDefault(t => t is not null)
            : null;

    private static IEnumerable<JsonElement> Remediations(JsonElement vulnerability) =>
        Property(vulnerability, "remediations") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray() : [];

    private static IEnumerable<string> Ids(JsonElement owner, string name) =>
        Property(owner, name) is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!) : [];

    internal static JsonElement Property(JsonElement owner, string name) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(name, out var value) ? value : default;

    internal static string? Text(JsonElement owner, string name) =>
        Property(owner, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    [GeneratedRegex(@"RH[SBE]A-\d{4}:\d+", RegexOptions.CultureInvariant)]
    private static partial Regex ErrataId();
}
