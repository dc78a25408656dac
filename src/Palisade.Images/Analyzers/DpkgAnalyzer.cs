using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers;

/// <summary>
/// Debian packages from /var/lib/dpkg/status and, for distroless images, one file per package in
/// /var/lib/dpkg/status.d/. Only installed packages count; the Source field gives the source package and version
/// that Debian's advisories are filed under.
/// </summary>
public sealed class DpkgAnalyzer : IPackageAnalyzer
{
    private const string StatusFile = "/var/lib/dpkg/status";
    private const string StatusDirectory = "/var/lib/dpkg/status.d";
    private static readonly string[] MetadataSuffixes =
        [".md5sums", ".preinst", ".postinst", ".prerm", ".postrm", ".conffiles", ".list", ".shlibs", ".symbols", ".triggers", ".templates", ".config"];

    public string Name => "dpkg";

    public bool Wants(string path) => path == StatusFile || path.StartsWith(StatusDirectory + "/", StringComparison.Ordinal);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        var files = tree.Files(StatusDirectory).Where(f => !MetadataSuffixes.Any(s => f.EndsWith(s, StringComparison.Ordinal))).Prepend(StatusFile);
        foreach (var path in files)
        {
            using var stream = tree.Open(path);
            if (stream is null)
            {
                continue;
            }
            using var reader = new StreamReader(stream);
            foreach (var (stanza, line, problem) in ControlStanzas.Read(reader))
            {
                if (problem is not null)
                {
                    problems.Add(new AnalysisProblem(path, line, problem));
                }
                else if (ToPackage(stanza!, path, tree.LayerOf(path), problems) is { } package)
                {
                    packages.Add(package);
                }
            }
        }
        return new AnalysisResult(packages, problems);
    }

    private static Package? ToPackage(ControlStanzas.Stanza stanza, string path, string? layer, List<AnalysisProblem> problems)
    {
        var fields = stanza.Fields;
        if (fields.TryGetValue("Status", out var status) && !status.EndsWith(" installed", StringComparison.Ordinal))
        {
            return null;
        }
        var name = fields.GetValueOrDefault("Package");
        var version = fields.GetValueOrDefault("Version");
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(version))
        {
            problems.Add(new AnalysisProblem(path, stanza.Line, string.IsNullOrEmpty(name) ? "a stanza without a Package name" : $"package {name} has no Version"));
            return null;
        }
        // "Source: pam" or "Source: linux-signed-aws (6.14.0-1012.12~24.04.1)" when the versions differ.
        string? sourceName = null, sourceVersion = null;
        if (fields.TryGetValue("Source", out var source) && source.Length > 0)
        {
            var open = source.IndexOf('(', StringComparison.Ordinal);
            sourceName = (open < 0 ? source : source[..open]).Trim();
            sourceVersion = open < 0 ? version : source[(open + 1)..].TrimEnd(')', ' ');
        }
        return new Package("deb", name, version, path)
        {
            SourceName = sourceName ?? name,
            SourceVersion = sourceVersion ?? version,
            Architecture = fields.GetValueOrDefault("Architecture"),
            Layer = layer,
        };
    }
}
