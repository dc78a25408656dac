using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers;

/// <summary>Alpine and Wolfi packages from /lib/apk/db/installed (P: name, V: version, o: origin, A: arch).</summary>
public sealed class ApkAnalyzer : IPackageAnalyzer
{
    private const string Database = "/lib/apk/db/installed";

    public string Name => "apk";

    public bool Wants(string path) => path == Database;

    public AnalysisResult Analyze(IFileTree tree)
    {
        using var stream = tree.Open(Database);
        if (stream is null)
        {
            return AnalysisResult.Empty;
        }
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        var layer = tree.LayerOf(Database);
        using var reader = new StreamReader(stream);
        var fields = new Dictionary<char, string>();
        var start = 1;
        var number = 0;
        void Flush()
        {
            if (fields.Count > 0)
            {
                if (!fields.TryGetValue('P', out var name) || !fields.TryGetValue('V', out var version) || name.Length == 0 || version.Length == 0)
                {
                    problems.Add(new AnalysisProblem(Database, start, fields.TryGetValue('P', out var n) ? $"package {n} has no version" : "a record without a package name"));
                }
                else
                {
                    packages.Add(new Package("apk", name, version, Database)
                    {
                        SourceName = fields.GetValueOrDefault('o') ?? name,
                        SourceVersion = version,
                        Architecture = fields.GetValueOrDefault('A'),
                        Layer = layer,
                    });
                }
            }
            fields.Clear();
        }
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (line.Length == 0)
            {
                Flush();
                start = number + 1;
                continue;
            }
            if (line.Length >= 2 && line[1] == ':')
            {
                // Only the first of repeated keys matters for P, V, o and A.
                fields.TryAdd(line[0], line[2..]);
            }
            else
            {
                problems.Add(new AnalysisProblem(Database, number, "not a 'X:value' line"));
            }
        }
        Flush();
        return new AnalysisResult(packages, problems);
    }
}
