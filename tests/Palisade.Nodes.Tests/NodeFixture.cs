using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Palisade.Core.Yaml;

namespace Palisade.Nodes.Tests;

/// <summary>
/// Builds a node root from Fixtures/nodes/&lt;name&gt;: the files under root/ plus layout.yaml, which declares what git
/// cannot carry: file modes and owners, empty key and certificate files, and the process table (/proc/PID/cmdline
/// with NUL-separated arguments and a cwd link), so a reader sees every process as a readable list.
/// </summary>
internal static partial class NodeFixture
{
    public static bool CanChown => Environment.UserName == "root" || geteuid() == 0;

    public static string Build(string name)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "nodes", name);
        var target = Path.Combine(Path.GetTempPath(), "palisade-nodes", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target);
        if (Directory.Exists(Path.Combine(source, "root")))
        {
            Copy(Path.Combine(source, "root"), target);
        }
        var layout = (YamlMapping)new YamlTreeReader(DocumentLimits.Default).Read(File.ReadAllText(Path.Combine(source, "layout.yaml"))).Documents[0].Root;
        var defaultMode = layout.Str("default-mode") ?? "600";
        var defaultOwner = layout.Str("default-owner") ?? "0:0";
        foreach (var file in Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories))
        {
            Apply(file, defaultMode, defaultOwner);
        }
        foreach (var entry in layout.Maps("files"))
        {
            var path = Path.Join(target, entry.Str("path")!);
            if (entry.Bool("directory") == true)
            {
                Directory.CreateDirectory(path);
            }
            else if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, entry.Str("content") ?? "");
            }
            Apply(path, entry.Str("mode") ?? defaultMode, entry.Str("owner") ?? defaultOwner);
        }
        foreach (var process in layout.Maps("processes"))
        {
            var dir = Path.Join(target, "proc", process.Str("pid")!);
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Join(dir, "cmdline"), Encoding.UTF8.GetBytes(string.Join('\0', process.Strings("args")) + "\0"));
            if (process.Str("cwd") is { } cwd)
            {
                File.CreateSymbolicLink(Path.Join(dir, "cwd"), cwd);
            }
        }
        foreach (var pid in layout.Strings("empty-proc-entries"))
        {
            Directory.CreateDirectory(Path.Join(target, "proc", pid));
        }
        return target;
    }

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Join(to, Path.GetRelativePath(from, dir)));
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Join(to, Path.GetRelativePath(from, file)));
        }
    }

    private static void Apply(string path, string mode, string owner)
    {
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        if (CanChown)
        {
            var parts = owner.Split(':');
            _ = chown(path, uint.Parse(parts[0], CultureInfo.InvariantCulture), uint.Parse(parts[1], CultureInfo.InvariantCulture));
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint geteuid();
}
