using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>Installed Python distributions: *.dist-info/METADATA and *.egg-info/PKG-INFO (Name and Version headers).</summary>
public sealed class PythonAnalyzer : IPackageAnalyzer
{
    public string Name => "python";

    public bool Wants(string path) =>
        path.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) || path.EndsWith(".egg-info/PKG-INFO", StringComparison.Ordinal)
        || path.EndsWith(".egg-info", StringComparison.Ordinal);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        foreach (var path in tree.Find(Wants))
        {
            var text = FileReading.Text(tree, path);
            if (text is null)
            {
                continue;
            }
            string? name = null;
            string? version = null;
            foreach (var line in text.Split('\n'))
            {
                if (line.Trim().Length == 0)
                {
                    break; // the headers end at the first blank line; the long description follows
                }
                if (line.StartsWith("Name:", StringComparison.Ordinal))
                {
                    name ??= line[5..].Trim();
                }
                else if (line.StartsWith("Version:", StringComparison.Ordinal))
                {
                    version ??= line[8..].Trim();
                }
            }
            if (name is { Length: > 0 } && version is { Length: > 0 })
            {
                packages.Add(new Package("PyPI", name, version, path) { Layer = tree.LayerOf(path) });
            }
            else
            {
                problems.Add(new AnalysisProblem(path, null, "package metadata without Name and Version"));
            }
        }
        return new AnalysisResult(packages, problems);
    }
}
