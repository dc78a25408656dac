using Palisade.Core.Findings;

namespace Palisade.Kubernetes.Manifests;

/// <summary>Expands the user's paths into files, kustomize directories and stdin, in a stable order.</summary>
public static class ManifestInputs
{
    public static readonly string[] KustomizationFileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static (IReadOnlyList<ManifestInput> Inputs, IReadOnlyList<Diagnostic> Diagnostics) Expand(IEnumerable<string> paths)
    {
        var inputs = new List<ManifestInput>();
        var diagnostics = new List<Diagnostic>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                inputs.Add(new StandardInput());
            }
            else if (Directory.Exists(path))
            {
                Walk(path, inputs);
            }
            else if (File.Exists(path))
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

    private static void Walk(string directory, List<ManifestInput> inputs)
    {
        if (IsKustomization(directory))
        {
            inputs.Add(new KustomizeInput(directory));
            return;
        }
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase)) && !Path.GetFileName(file).StartsWith('.'))
            {
                inputs.Add(new FileInput(file));
            }
        }
        foreach (var sub in Directory.EnumerateDirectories(directory).Order(StringComparer.Ordinal))
        {
            var info = new DirectoryInfo(sub);
            // Hidden folders (.git) hold no manifests; symlinked folders could loop.
            if (!info.Name.StartsWith('.') && info.LinkTarget is null)
            {
                Walk(sub, inputs);
            }
        }
    }
}
