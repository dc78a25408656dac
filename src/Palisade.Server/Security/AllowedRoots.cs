namespace Palisade.Server.Security;

/// <summary>
/// The directories a scan request may name files under. A path is allowed only when, with every symbolic link on the
/// way resolved, it lies inside one of them: "../" and links out of a root are refused.
/// </summary>
public sealed class AllowedRoots(IEnumerable<string> roots, string workingDirectory)
{
    private readonly IReadOnlyList<string> _roots = [.. roots.Select(r => WithSeparator(RealPath(Path.GetFullPath(r, workingDirectory))))];

    public bool Any => _roots.Count > 0;

    /// <summary>The real path of <paramref name="path"/> when it exists under a root, otherwise null.</summary>
    public string? Resolve(string path)
    {
        if (!Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal) || !Path.Exists(path))
        {
            return null;
        }
        var real = RealPath(Path.GetFullPath(path));
        return _roots.Any(root => WithSeparator(real).StartsWith(root, StringComparison.Ordinal)) ? real : null;
    }

    /// <summary>The path with every symbolic link among its components followed (bounded, against link loops).</summary>
    private static string RealPath(string path)
    {
        var current = Path.GetPathRoot(path)!;
        var parts = new Queue<string>(path[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var hops = 0;
        while (parts.TryDequeue(out var part))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.Exists && info.LinkTarget is { } target && ++hops <= 40)
            {
                var resolved = Path.GetFullPath(target, current);
                var rest = parts.ToList();
                current = Path.GetPathRoot(resolved)!;
                parts = new Queue<string>(resolved[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Concat(rest));
                continue;
            }
            current = next;
        }
        return current;
    }

    private static string WithSeparator(string path) => path.EndsWith(Path.DirectorySeparatorChar) ? path : path + Path.DirectorySeparatorChar;
}
