using System.Text.Json;
using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>.NET applications' NuGet dependencies from *.deps.json ("libraries" entries of type "package").</summary>
public sealed class DotnetDepsAnalyzer : IPackageAnalyzer
{
    public string Name => "dotnet-deps";

    public bool Wants(string path) => path.EndsWith(".deps.json", StringComparison.Ordinal);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        foreach (var path in tree.Find(Wants))
        {
            try
            {
                using var document = JsonDocument.Parse(FileReading.Text(tree, path) ?? "{}", new JsonDocumentOptions { MaxDepth = 32 });
                if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                foreach (var library in libraries.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    if (slash <= 0 || library.Value.ValueKind != JsonValueKind.Object
                        || !library.Value.TryGetProperty("type", out var type) || type.GetString() != "package")
                    {
                        continue;
                    }
                    packages.Add(new Package("NuGet", library.Name[..slash], library.Name[(slash + 1)..], path) { Layer = tree.LayerOf(path) });
                }
            }
            catch (JsonException ex)
            {
                problems.Add(new AnalysisProblem(path, (int?)(ex.LineNumber + 1), $"unreadable deps.json: {ex.Message}"));
            }
        }
        return new AnalysisResult(packages, problems);
    }
}
