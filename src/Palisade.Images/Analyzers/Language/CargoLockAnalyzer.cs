using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>Rust crates pinned by Cargo.lock ([[package]] tables with name, version and a registry source).</summary>
public sealed class CargoLockAnalyzer : IPackageAnalyzer
{
    public string Name => "cargo";

    public bool Wants(string path) => path.EndsWith("/Cargo.lock", StringComparison.Ordinal);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        foreach (var path in tree.Find(Wants))
        {
            if (FileReading.Text(tree, path) is not { } text)
            {
                continue;
            }
            string? name = null, version = null, source = null;
            void Flush()
            {
                // Workspace members have no source; only registry crates have advisories.
                if (name is not null && version is not null && source is not null && source.StartsWith("registry+", StringComparison.Ordinal))
                {
                    packages.Add(new Package("crates.io", name, version, path) { Layer = tree.LayerOf(path) });
                }
                name = version = source = null;
            }
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith('['))
                {
                    Flush();
                    continue;
                }
                var equals = line.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }
                var key = line[..equals].Trim();
                var value = line[(equals + 1)..].Trim().Trim('"');
                switch (key)
                {
                    case "name": name = value; break;
                    case "version": version = value; break;
                    case "source": source = value; break;
                    default: break;
                }
            }
            Flush();
        }
        return new AnalysisResult(packages, []);
    }
}
