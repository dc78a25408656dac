using Palisade.Core.Findings;
using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Manifests.Kustomize;

/// <summary>
/// Points findings on rendered kustomize output back at the source file that defines the resource: the rendered
/// object is matched to a source object by kind and name (allowing name prefixes and suffixes), then the offending
/// field's path is followed in the source, matching list items by name where they have one.
/// </summary>
public sealed class KustomizeSourceMap : ILocationResolver
{
    private const int MaxFollowDepth = 8;
    private static readonly string[] ReferenceFields = ["resources", "bases", "components"];
    private readonly string _kustomizationFile;
    private readonly List<KubernetesObject> _sources = [];

    private readonly string _workingDirectory;

    /// <param name="directory">The kustomization's full path.</param>
    /// <param name="workingDirectory">Source files are reported relative to it.</param>
    public KustomizeSourceMap(string directory, string workingDirectory, ManifestReader reader)
    {
        _workingDirectory = workingDirectory;
        _kustomizationFile = ManifestInputs.KustomizationFileNames.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists)
            ?? Path.Combine(directory, "kustomization.yaml");
        Collect(directory, reader, [], 0);
    }

    public SourceLocation Locate(KubernetesObject obj, YamlNode node)
    {
        var source = FindSource(obj);
        if (source is null)
        {
            // Generated objects (configMapGenerator, secretGenerator…) have no source file of their own.
            return new SourceLocation(Path.GetRelativePath(_workingDirectory, _kustomizationFile), 1, 1);
        }
        var path = PathTo(obj.Root, node) ?? [];
        YamlNode current = source.Root;
        foreach (var step in path)
        {
            var next = Follow(current, step);
            if (next is null)
            {
                break;
            }
            current = next;
        }
        return new SourceLocation(source.File, current.Start.Line, current.Start.Column);
    }

    private KubernetesObject? FindSource(KubernetesObject rendered)
    {
        var sameKind = _sources.Where(s => s.Kind == rendered.Kind).ToList();
        return sameKind.FirstOrDefault(s => s.Name == rendered.Name)
            ?? sameKind.Where(s => s.Name.Length > 0 && rendered.Name.Contains(s.Name, StringComparison.Ordinal))
                .OrderByDescending(s => s.Name.Length).FirstOrDefault();
    }

    private void Collect(string directory, ManifestReader reader, HashSet<string> seen, int depth)
    {
        var full = Path.GetFullPath(directory);
        if (depth > MaxFollowDepth || !seen.Add(full))
        {
            return;
        }
        var kustomization = ManifestInputs.KustomizationFileNames.Select(n => Path.Combine(full, n)).FirstOrDefault(File.Exists);
        if (kustomization is null)
        {
            return;
        }
        var batch = new StructuredText(reader.Limits).Parse(ReadText(kustomization), kustomization);
        var root = batch.Documents.Count > 0 ? batch.Documents[0].Root as YamlMapping : null;
        foreach (var entry in ReferenceFields.SelectMany(k => root?.Strings(k) ?? []))
        {
            if (entry.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }
            var target = Path.GetFullPath(Path.Combine(full, entry));
            if (Directory.Exists(target))
            {
                Collect(target, reader, seen, depth + 1);
            }
            else if (File.Exists(target) && new FileInfo(target).Length <= reader.Limits.MaxFileBytes)
            {
                _sources.AddRange(reader.Read(Path.GetRelativePath(_workingDirectory, target), ReadText(target)).Objects);
            }
        }
    }

    private static string ReadText(string path) => File.ReadAllText(path);

    /// <summary>Keys and list positions from the root to <paramref name="target"/>, found by reference.</summary>
    private static List<object>? PathTo(YamlNode root, YamlNode target)
    {
        if (ReferenceEquals(root, target))
        {
            return [];
        }
        switch (root)
        {
            case YamlMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    if (PathTo(entry.Value, target) is { } rest)
                    {
                        rest.Insert(0, entry.Key.Value);
                        return rest;
                    }
                }
                break;
            case YamlSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (PathTo(sequence.Items[i], target) is { } rest)
                    {
                        var name = (sequence.Items[i] as YamlMapping)?.Str("name");
                        rest.Insert(0, name is null ? i : new NamedItem(name));
                        return rest;
                    }
                }
                break;
        }
        return null;
    }

    private static YamlNode? Follow(YamlNode node, object step) => (node, step) switch
    {
        (YamlMapping m, string key) => m.Entry(key)?.Value,
        (YamlSequence s, NamedItem named) => s.Items.OfType<YamlMapping>().FirstOrDefault(i => i.Str("name") == named.Name),
        (YamlSequence s, int index) when index < s.Items.Count => s.Items[index],
        _ => null,
    };

    private sealed record NamedItem(string Name);
}
