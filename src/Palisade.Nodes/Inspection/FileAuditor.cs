using Palisade.Core.Files;
using Palisade.Core.Findings;
using Palisade.Nodes.Benchmarks;
using Palisade.Nodes.Components;
using Palisade.Nodes.Host;

namespace Palisade.Nodes.Inspection;

/// <summary>Checks modes and owners of the files and directories a control names, inside the node root only.</summary>
public sealed class FileAuditor(ContainedRoot root, Accounts accounts, ComponentLocator locator)
{
    private const int MaxFiles = 10_000;

    public Observation Audit(FileSource source, Expectation expect, DetectedComponent? component)
    {
        if (Locate(source, component) is not { } file)
        {
            return new Observation(null, "the file's location is unknown on this node");
        }
        var hostPath = file.Display;
        var path = file.RealPath;
        if (!Path.Exists(path))
        {
            return source.Optional
                ? new Observation(true, $"{hostPath} does not exist (the control applies only when it does)")
                : new Observation(null, $"{hostPath} not found");
        }
        var files = Directory.Exists(path) && (source.Pattern is not null || source.Recursive)
            ? Enumerate(path, hostPath, source)
            : [(path, hostPath)];
        var offenders = new List<string>();
        var checkedCount = 0;
        foreach (var (real, host) in files)
        {
            if (Statx.Read(real) is not { } status)
            {
                return new Observation(null, $"cannot read the status of {host}");
            }
            checkedCount++;
            var (ok, actual) = Compare(expect, status);
            if (!ok)
            {
                offenders.Add($"{host} is {actual}");
            }
        }
        if (offenders.Count > 0)
        {
            var shown = string.Join("; ", offenders.Take(5)) + (offenders.Count > 5 ? $"; and {offenders.Count - 5} more" : "");
            return new Observation(false, shown, new SourceLocation(hostPath, 0, 0));
        }
        return new Observation(true, checkedCount == 1 ? $"{hostPath} is {Describe(expect, files[0].Real)}" : $"{checkedCount} files under {hostPath} comply",
            new SourceLocation(hostPath, 0, 0));
    }

    /// <summary>A path a component's setting names is where that component sees it (its container, its directory).</summary>
    private ProcessFile? Locate(FileSource source, DetectedComponent? component)
    {
        if (source.PathFrom is { } from && component is not null && SettingResolver.Resolve(component, from).Value is { } value)
        {
            return ProcessPaths.Locate(root, value, component.Process);
        }
        var path = source.PathKey switch
        {
            null => null,
            var key when key.StartsWith('/') => key,
            var key => locator.PathOf(key),
        };
        return path is null ? null : new ProcessFile(root, path, path);
    }

    private static List<(string Real, string Host)> Enumerate(string path, string hostPath, FileSource source)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = source.Recursive, AttributesToSkip = 0, IgnoreInaccessible = true };
        var entries = source.Pattern is null
            ? Directory.EnumerateFileSystemEntries(path, "*", options).Prepend(path)
            : Directory.EnumerateFiles(path, source.Pattern, options);
        return [.. entries.Take(MaxFiles).Order(StringComparer.Ordinal).Select(p => (p, hostPath.TrimEnd('/') + p[path.Length..]))];
    }

    private (bool Ok, string Actual) Compare(Expectation expect, (int Mode, uint Uid, uint Gid) status) => expect.Op switch
    {
        ExpectOperator.PermissionsAtMost => ((status.Mode & 0x1FF & ~Convert.ToInt32(expect.Values[0], 8)) == 0, "mode " + Convert.ToString(status.Mode & 0xFFF, 8)),
        ExpectOperator.Owner => (expect.Values.Contains($"{accounts.User(status.Uid)}:{accounts.Group(status.Gid)}"), $"owned by {accounts.User(status.Uid)}:{accounts.Group(status.Gid)}"),
        _ => throw new InvalidOperationException($"{expect.Op} does not apply to files"),
    };

    private string Describe(Expectation expect, string real) =>
        Statx.Read(real) is { } status ? Compare(expect, status).Actual : "unreadable";
}
