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

    /// <summary>Feeds every regular file to the observers, as one layer named "" (symbolic links are not followed).</summary>
    public void Walk(IReadOnlyList<ILayerObserver> observers)
    {
        foreach (var path in Find(_ => true))
        {
            var real = _root.Resolve(path);
            var info = new FileInfo(real);
            if (!info.Exists || info.LinkTarget is not null)
            {
                continue;
            }
            var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(real);
            var relative = path.TrimStart('/');
            var wanting = observers.Where(o => o.WantsContent(relative, info.Length, mode)).ToList();
            if (wanting.Count == 0 && observers.Any(o => o is IStreamingLayerObserver s && s.WantsStream(relative, info.Length, mode)))
            {
                try
                {
                    using var stream = new FileStream(real, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                    LayeredTree.Stream(observers, new LayerFile("", 0, relative, mode, info.Length), stream);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
            }
            byte[]? content = null;
            if (wanting.Count > 0)
            {
                try
                {
                    content = File.ReadAllBytes(real);
                }
                catch (IOException)
                {
                    continue;
                }
                catch (UnauthorizedAccessException)
                {
                    continue;
                }
            }
            foreach (var observer in observers)
            {
                observer.Observe(new LayerFile("", 0, relative, mode, info.Length) { Content = wanting.Contains(observer) && content is not null ? content.AsMemory() : (ReadOnlyMemory<byte>?)null });
            }
        }
    }

    public IEnumerable<string> Find(Func<string, bool> predicate)
    {
        var top = _root.Resolve("/");
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true, MaxRecursionDepth = 64 };
        return Directory.EnumerateFiles(top, "*", options)
            .Select(real => "/" + Path.GetRelativePath(top, real).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(predicate).Order(StringComparer.Ordinal);
    }
}
