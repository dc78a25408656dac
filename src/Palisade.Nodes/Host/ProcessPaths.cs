using Palisade.Core.Files;

namespace Palisade.Nodes.Host;

/// <summary>A file a process names, found where the process itself sees it.</summary>
public sealed record ProcessFile(ContainedRoot Root, string Path, string Display)
{
    public string RealPath => Root.Resolve(Path);
}

/// <summary>
/// Resolves the paths a component names as the component sees them. Components in containers (kube-proxy's
/// DaemonSet, a containerised kubelet) name files inside their own filesystem, reachable from the host through
/// /proc/PID/root; relative paths are relative to the process's working directory. Host processes see the host.
/// </summary>
public static class ProcessPaths
{
    public static ProcessFile Locate(ContainedRoot root, string path, HostProcess? process)
    {
        var full = path.StartsWith('/') ? path : $"{(process?.WorkingDirectory ?? "/").TrimEnd('/')}/{path}";
        if (process is not null && RootOf(root, process.Pid) is { } processRoot && processRoot.Exists(full))
        {
            return new ProcessFile(processRoot, full, $"/proc/{process.Pid}/root{full}");
        }
        return new ProcessFile(root, full, full);
    }

    /// <summary>
    /// The process's root directory. On a live host (root "/") the kernel follows /proc/PID/root into the process's
    /// mount namespace; in a copy of a node (tests, forensics) it is a directory or a link inside the copy.
    /// </summary>
    private static ContainedRoot? RootOf(ContainedRoot root, int pid)
    {
        var link = Path.Join(root.Root, "proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "root");
        var info = new DirectoryInfo(link);
        if (info.LinkTarget is null)
        {
            return info.Exists ? new ContainedRoot(link) : null;
        }
        if (root.Root == "/")
        {
            return new ContainedRoot(link);
        }
        var inside = root.Resolve($"/proc/{pid}/root");
        return inside == root.Root || !Directory.Exists(inside) ? null : new ContainedRoot(inside);
    }
}
