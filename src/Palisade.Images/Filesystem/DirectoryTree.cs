using Palisade.Core.Files;

namespace Palisade.Images.Filesystem;

/// <summary>A root filesystem directory as an image tree; links are followed inside it only.</summary>
public sealed class DirectoryTree(string root) : IFileTree
{
    private readonly ContainedRoot _root = new(root);

    public bool Exists(string path) => File.Exists(_root.Resolve(path));

    public Stream? Open(string path)
    {
        var real = _root.Resolve(path);
        return File.Exists(real) ? File.OpenRead(real) : null;
    }

    public IEnumerable<string> Files(string directory)
    {
        var real = _root.Resolve(directory);
        if (!Directory.Exists(real))
        {
            return [];
        }
        return Directory.EnumerateFiles(real).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Select(name => directory.TrimEnd('/') + "/" + name);
    }

    public string? LayerOf(string path) => null;
}
