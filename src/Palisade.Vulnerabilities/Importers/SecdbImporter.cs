using System.Text.RegularExpressions;
using Palisade.Core.Yaml;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Store;
using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Vulnerabilities.Importers;

/// <summary>
/// Alpine and Wolfi/Chainguard secdb files (secdb.alpinelinux.org JSON, packages.wolfi.dev security.json, and the
/// legacy alpine-secdb YAML): per source package, the release that fixed each id. "0" means the package was never
/// affected. Each file is a snapshot of one release and repository and replaces what that file gave before.
/// </summary>
public sealed partial class SecdbImporter : IFeedImporter
{
    private static readonly ApkVersion Apk = new();

    public string Format => "secdb";

    public bool Recognises(FeedFile file) =>
        TreeDocument.HeadContains(file, "packages")
        && (TreeDocument.HeadContains(file, "secfixes") || TreeDocument.HeadContains(file, "distroversion") || TreeDocument.HeadContains(file, "apkurl"));

    public void Import(FeedFile file, ImportSession session, CancellationToken cancellationToken)
    {
        var root = TreeDocument.Parse(file, out var error);
        var ecosystem = root is null ? null : EcosystemOf(root);
        var repository = root?.Str("reponame") ?? "main";
        session.BeginSource(ecosystem is null ? "secdb" : $"secdb:{ecosystem}:{repository}", file.Name, snapshot: ecosystem is not null);
        if (root is null || ecosystem is null)
        {
            session.Skip(file.Name, error ?? "neither a distroversion (Alpine) nor a Wolfi/Chainguard url prefix: cannot tell which release it describes");
            return;
        }
        var source = $"secdb:{ecosystem}:{repository}";
        var byId = new Dictionary<string, List<AffectedPackage>>(StringComparer.Ordinal);
        foreach (var entry in root.Maps("packages"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var package = entry.Map("pkg");
            if (package?.Str("name") is not { Length: > 0 } name || package.Map("secfixes") is not { } fixes)
            {
                session.Skip($"{file.Name}:{entry.Start.Line}", "package without a name or secfixes");
                continue;
            }
            foreach (var fix in fixes.Entries)
            {
                var version = fix.Key.Value;
                if (version != "0" && !Apk.IsValid(version))
                {
                    session.Skip($"{file.Name}:{fix.Key.Start.Line}", $"'{version}' is not an apk version ({name})");
                    continue;
                }
                var ids = new List<string>();
                foreach (var text in fix.Value is YamlSequence list ? list.Items.OfType<YamlScalar>() : [])
                {
                    var found = Ids(text.Value).ToList();
                    if (found.Count == 0)
                    {
                        session.Skip($"{file.Name}:{text.Start.Line}", $"'{text.Value}' names no advisory id ({name} {version})");
                    }
                    ids.AddRange(found);
                }
                foreach (var id in ids.Distinct(StringComparer.Ordinal))
                {
                    var affected = version == "0"
                        ? new AffectedPackage(ecosystem, name, AffectedStatus.NotAffected)
                        : new AffectedPackage(ecosystem, name, AffectedStatus.Fixed)
                        {
                            Ranges = [new VersionRange(RangeType.Ecosystem, [new RangeEvent(RangeEventKind.Introduced, "0"), new RangeEvent(RangeEventKind.Fixed, version)])],
                        };
                    if (!byId.TryGetValue(id, out var packages))
                    {
                        byId[id] = packages = [];
                    }
                    packages.Add(affected);
                }
            }
        }
        foreach (var (id, packages) in byId)
        {
            session.Add(new Advisory(id, source) { Affected = packages });
        }
    }

    /// <summary>"v3.11" is Alpine 3.11; without a release, the url prefix tells Wolfi from Chainguard.</summary>
    private static string? EcosystemOf(YamlMapping root)
    {
        if (root.Str("distroversion") is { Length: > 0 } release)
        {
            return "Alpine:" + (release.StartsWith('v') ? release : "v" + release);
        }
        var prefix = root.Str("urlprefix") ?? root.Str("apkurl") ?? "";
        return prefix.Contains("wolfi", StringComparison.OrdinalIgnoreCase) ? "Wolfi"
            : prefix.Contains("chainguard", StringComparison.OrdinalIgnoreCase) || prefix.Contains("cgr.dev", StringComparison.OrdinalIgnoreCase) ? "Chainguard"
            : null;
    }

    /// <summary>Entries such as "CVE-2021-3156 GHSA-xxxx" or "CVE-2019-1 (+ regression fix)" hold several ids and notes.</summary>
    private static IEnumerable<string> Ids(string text) => IdPattern().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"\b(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|XSA-\d+|ZBX-\d+|wnpa-sec-\d{4}-\d+|ALPINE-\d+|BZ-\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
