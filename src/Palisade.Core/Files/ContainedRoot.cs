namespace Palisade.Core.Files;

/// <summary>
/// A filesystem tree read from a directory: a node's root (or the host's root mounted elsewhere), an image's
/// unpacked root. Paths inside it are mapped under the directory and never resolve outside it.
/// </summary>
public sealed class ContainedRoot(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The real path of a host path, following symbolic links inside the root only.</summary>
    public string Resolve(string hostPath)
    {
        var current = "/";
        var parts = new Queue<string>(hostPath.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var hops = 0;
        while (parts.TryDequeue(out var part))
        {
            if (part == ".")
            {
                continue;
            }
            var next = part == ".." ? ParentOf(current) : Combine(current, part);
            var real = Path.Join(Root, next);
            var info = new FileInfo(real);
            if (info.LinkTarget is { } target && ++hops <= 40)
            {
                // A link's target is a host path: absolute targets restart at the root, relative ones at its folder.
                var rest = parts.ToArray();
                parts = new Queue<string>(target.Split('/', StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                current = target.StartsWith('/') ? "/" : current;
                continue;
            }
            current = next;
        }
        return Path.Join(Root, current);
    }

    public bool Exists(string hostPath) => Path.Exists(Resolve(hostPath));

    private static string Combine(string directory, string name) => directory == "/" ? "/" + name : directory + "/" + name;

    private static string ParentOf(string path)
    {
        var cut = path.LastIndexOf('/');
        return cut <= 0 ? "/" : path[..cut];
    }
}
