using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Manifests;

/// <summary>Expands the user's paths into files, kustomize directories and stdin, in a stable order.</summary>
public static class ManifestInputs
{
    public static readonly string[] KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static (IReadOnlyList<ManifestInput> Inputs, IReadOnlyList<Diagnostic> Diagnostics) Expand(IEnumerable<string> paths, string workingDirectory)
    {
        var inputs = new List<ManifestInput>();
        var diagnostics = new List<Diagnostic>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(new StandardInput());
            }
            else if (Directory.Exists(Path.GetFullPath(path, workingDirectory)))
            {
                Walk(path, path, workingDirectory, inputs, diagnostics);
            }
            else if (File.Exists(Path.GetFullPath(path, workingDirectory)))
            {
                inputs.Add(new FileInput(path));
            }
            else
            {
                diagnostics.Add(new Diagnostic(path, null, "no such file or directory"));
            }
        }
        return (inputs, diagnostics);
    }

    public static bool IsKustomization(string directory) =>
        KustomizationFileNames.Any(name => File.Exists(Path.Combine(directory, name)));

    /// <summary>Walks <paramref name="directory"/> (as the user wrote it), resolving it against the working directory.</summary>
    private static void Walk(string directory, string topLevel, string workingDirectory, List<ManifestInput> inputs, List<Diagnostic> diagnostics)
    {
        var full = Path.GetFullPath(directory, workingDirectory);
        if (IsKustomization(full))
        {
            inputs.Add(new KustomizeInput(directory));
            return;
        }
        if (File.Exists(Path.Combine(full, "Chart.yaml")))
        {
            // Templates are not YAML until rendered: one clear line instead of a parse error per template.
            // Given directly it is an error (nothing was scanned); met inside a tree, a notice that it was passed over.
            var level = Path.GetFullPath(directory, workingDirectory) == Path.GetFullPath(topLevel, workingDirectory) ? DiagnosticLevel.Error : DiagnosticLevel.Notice;
            diagnostics.Add(new Diagnostic(directory, null, $"is a Helm chart: render it first, e.g. helm template RELEASE {directory} | palisade scan manifests -", level));
            return;
        }
        foreach (var name in Directory.EnumerateFiles(full).Select(Path.GetFileName).Order(StringComparer.Ordinal))
        {
            if (Extensions.Any(e => name!.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !name!.StartsWith('.'))
            {
                inputs.Add(new FileInput(Path.Combine(directory, name!)));
            }
        }
        foreach (var sub in Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal))
        {
            var info = new DirectoryInfo(sub);
            // Hidden folders (.git) hold no manifests; symlinked folders could loop.
            if (!info.Name.StartsWith('.') && info.LinkTarget is null)
            {
                Walk(Path.Combine(directory, info.Name), topLevel, workingDirectory, inputs, diagnostics);
            }
        }
    }
}
