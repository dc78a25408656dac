using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// npm packages: installed ones from node_modules/**/package.json, and those a package-lock.json (v1, v2, v3) pins,
/// without development dependencies. A package seen both ways is reported once, where it is installed.
/// </summary>
public sealed partial class NpmAnalyzer : IPackageAnalyzer
{
    public string Name => "npm";

    public bool Wants(string path) => path.EndsWith("/package-lock.json", StringComparison.Ordinal) || InstalledManifest().IsMatch(path);

    public AnalysisResult Analyze(IFileTree tree)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>();
        var files = tree.Find(Wants).ToList();
        foreach (var path in files.Where(p => InstalledManifest().IsMatch(p)))
        {
            Parse(tree, path, problems, root =>
            {
                if (Text(root, "name") is { Length: > 0 } name && Text(root, "version") is { Length: > 0 } version)
                {
                    packages.Add(new Package("npm", name, version, path) { Layer = tree.LayerOf(path) });
                }
            });
        }
        var installed = packages.Select(p => (p.Name, p.Version)).ToHashSet();
        foreach (var path in files.Where(p => p.EndsWith("/package-lock.json", StringComparison.Ordinal)))
        {
            Parse(tree, path, problems, root =>
            {
                foreach (var (name, version) in LockEntries(root))
                {
                    if (installed.Add((name, version)))
                    {
                        packages.Add(new Package("npm", name, version, path) { Layer = tree.LayerOf(path) });
                    }
                }
            });
        }
        return new AnalysisResult(packages, problems);
    }

    /// <summary>v2/v3 list "packages" keyed by install path; v1 nests "dependencies".</summary>
    private static IEnumerable<(string Name, string Version)> LockEntries(JsonElement root)
    {
        if (root.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in packages.EnumerateObject())
            {
                var at = entry.Name.LastIndexOf("node_modules/", StringComparison.Ordinal);
                if (at < 0 || entry.Value.ValueKind != JsonValueKind.Object || IsTrue(entry.Value, "dev") || IsTrue(entry.Value, "link"))
                {
                    continue;
                }
                var name = Text(entry.Value, "name") ?? entry.Name[(at + "node_modules/".Length)..];
                if (Text(entry.Value, "version") is { Length: > 0 } version)
                {
                    yield return (name, version);
                }
            }
            yield break;
        }
        var pending = new Stack<(JsonElement Dependencies, int Depth)>();
        if (root.TryGetProperty("dependencies", out var top) && top.ValueKind == JsonValueKind.Object)
        {
            pending.Push((top, 0));
        }
        while (pending.Count > 0)
        {
            var (dependencies, depth) = pending.Pop();
            foreach (var entry in dependencies.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object || IsTrue(entry.Value, "dev"))
                {
                    continue;
                }
                if (Text(entry.Value, "version") is { Length: > 0 } version && !version.Contains(':', StringComparison.Ordinal))
                {
                    yield return (entry.Name, version);
                }
                if (depth < 64 && entry.Value.TryGetProperty("dependencies", out var nested) && nested.ValueKind == JsonValueKind.Object)
                {
                    pending.Push((nested, depth + 1));
                }
            }
        }
    }

    private static void Parse(IFileTree tree, string path, List<AnalysisProblem> problems, Action<JsonElement> read)
    {
        try
        {
            using var document = JsonDocument.Parse(FileReading.Text(tree, path) ?? "{}", new JsonDocumentOptions { MaxDepth = 256, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                read(document.RootElement);
            }
        }
        catch (JsonException ex)
        {
            problems.Add(new AnalysisProblem(path, (int?)(ex.LineNumber + 1), $"unreadable JSON: {ex.Message}"));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsTrue(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    [GeneratedRegex(@"/node_modules/(@[^/]+/)?[^/@][^/]*/package\.json$", RegexOptions.CultureInvariant)]
    private static partial Regex InstalledManifest();
}
