using System.Text.Json;
using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// PHP packages (Packagist) from composer.lock and from what Composer installed (vendor/composer/installed.json, the
/// Composer 2 object or the Composer 1 array). Versions lose Composer's "v" prefix, as advisories spell them.
/// </summary>
public sealed class ComposerAnalyzer : IPackageAnalyzer
{
    private static readonly string[] LockLists = ["packages", "packages-dev"];

    public string Name => "composer";

    public bool Wants(string path) =>
        path.EndsWith("/composer.lock", StringComparison.Ordinal) || path.EndsWith("/vendor/composer/installed.json", StringComparison.Ordinal);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        foreach (var path in tree.Find(Wants))
        {
            try
            {
                using var document = JsonDocument.Parse(FileReading.Text(tree, path) ?? "{}", new JsonDocumentOptions { MaxDepth = 64 });
                var root = document.RootElement;
                var lists = root.ValueKind == JsonValueKind.Array
                    ? [root]
                    : LockLists.Select(name => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var list) ? list : default)
                        .Where(list => list.ValueKind == JsonValueKind.Array).ToList();
                foreach (var entry in lists.SelectMany(list => list.EnumerateArray()))
                {
                    if (entry.ValueKind == JsonValueKind.Object && Text(entry, "name") is { Length: > 0 } name && Text(entry, "version") is { Length: > 0 } version)
                    {
                        packages.Add(new Package("Packagist", name, version.StartsWith('v') && version.Length > 1 && char.IsAsciiDigit(version[1]) ? version[1..] : version, path)
                        {
                            Layer = tree.LayerOf(path),
                        });
                    }
                }
            }
            catch (JsonException ex)
            {
                problems.Add(new AnalysisProblem(path, (int?)(ex.LineNumber + 1), $"unreadable Composer file: {ex.Message}"));
            }
        }
        return new AnalysisResult(packages, problems);
    }

    private static string? Text(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
