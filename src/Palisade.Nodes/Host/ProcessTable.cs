using Palisade.Core.Files;
using System.Text;

namespace Palisade.Nodes.Host;

/// <summary>A running process as /proc shows it: its arguments and working directory (a host path).</summary>
public sealed record HostProcess(int Pid, IReadOnlyList<string> Arguments, string? WorkingDirectory)
{
    public string Executable => Arguments.Count == 0 ? "" : Path.GetFileName(Arguments[0]);

    public string Describe() => $"{Executable} (pid {Pid})";
}

/// <summary>Reads &lt;root&gt;/proc; entries that vanish or cannot be read are skipped and reported, never fatal.</summary>
public static class ProcessTable
{
    private const int MaxCommandLineBytes = 256 * 1024;

    public static (IReadOnlyList<HostProcess> Processes, IReadOnlyList<string> Problems) Read(ContainedRoot root)
    {
        var proc = Path.Join(root.Root, "proc");
        var processes = new List<HostProcess>();
        var problems = new List<string>();
        if (!Directory.Exists(proc))
        {
            problems.Add($"{proc} not found: running processes cannot be audited (static pod manifests and files still are)");
            return (processes, problems);
        }
        foreach (var dir in Directory.EnumerateDirectories(proc).Order(StringComparer.Ordinal))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var info = new FileInfo(Path.Join(dir, "cmdline"));
                if (!info.Exists)
                {
                    problems.Add($"/proc/{pid}/cmdline is missing");
                    continue;
                }
                using var stream = info.OpenRead();
                var buffer = new byte[Math.Min(info.Length > 0 ? info.Length : MaxCommandLineBytes, MaxCommandLineBytes)];
                var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                var arguments = Encoding.UTF8.GetString(buffer, 0, read).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (arguments.Length > 0)
                {
                    processes.Add(new HostProcess(pid, arguments, new FileInfo(Path.Join(dir, "cwd")).LinkTarget));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"/proc/{pid}: {ex.Message}");
            }
        }
        return (processes, problems);
    }
}
