using Palisade.Core.Files;
using Palisade.Core.Yaml;
using Palisade.Nodes.Host;

namespace Palisade.Nodes.Components;

/// <summary>
/// Finds each component on the node: its running process (the truth), else its static pod manifest, else inside
/// k3s or rke2 through their pass-through flags; then the config file the component reads, if any.
/// </summary>
public sealed class ComponentLocator(ContainedRoot root, ComponentCatalog catalog, Distribution distribution, IReadOnlyList<HostProcess> processes)
{
    // Which flag names a component's config file, and where the distribution keeps it by default.
    private static readonly Dictionary<string, (string Flag, string? DefaultPathKey)> ConfigFlags = new(StringComparer.Ordinal)
    {
        ["kubelet"] = ("--config", "kubelet-config"),
        ["proxy"] = ("--config", "proxy-config"),
        ["etcd"] = ("--config-file", null),
    };

    public DetectedComponent? Locate(string name)
    {
        var info = catalog.Components[name];
        var found = FromProcess(info) ?? FromManifest(info) ?? FromEmbedded(info);
        return found is null ? null : WithConfigFiles(found);
    }

    public string? PathOf(string key) =>
        distribution.Paths.TryGetValue(key, out var path) ? path : catalog.Kubeadm.Paths.GetValueOrDefault(key);

    private DetectedComponent? FromProcess(ComponentInfo info)
    {
        var process = processes.FirstOrDefault(p => info.Binaries.Contains(p.Executable));
        return process is null ? null
            : new DetectedComponent(info.Name, $"process {process.Describe()}", Flags.Parse(process.Arguments.Skip(1).Select(a => (a, 0)), $"/proc/{process.Pid}/cmdline"), process);
    }

    private DetectedComponent? FromManifest(ComponentInfo info)
    {
        if (info.Manifest is null || PathOf("manifests-dir") is not { } dir)
        {
            return null;
        }
        var hostPath = $"{dir}/{info.Manifest}.yaml";
        var path = root.Resolve(hostPath);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var outcome = new StructuredText(DocumentLimits.Default).Parse(File.ReadAllText(path), path);
            var container = (outcome.Documents.FirstOrDefault()?.Root as YamlMapping)?.Map("spec")?.Seq("containers")?.Items.FirstOrDefault() as YamlMapping;
            if (container is null)
            {
                var why = outcome.Errors.Count > 0 ? $"line {outcome.Errors[0].Line}: {outcome.Errors[0].Message}" : "no container";
                return new DetectedComponent(info.Name, $"static pod manifest {hostPath}", new Dictionary<string, Setting>(), null)
                {
                    Problems = [$"{hostPath} could not be read as a pod manifest ({why})"],
                    FlagsUnreadable = true,
                };
            }
            var arguments = (container.Seq("command")?.Items ?? []).Concat(container.Seq("args")?.Items ?? []).OfType<YamlScalar>()
                .Select(s => (s.Value, s.Start.Line));
            return new DetectedComponent(info.Name, $"static pod manifest {hostPath}", Flags.Parse(arguments, hostPath), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new DetectedComponent(info.Name, $"static pod manifest {hostPath}", new Dictionary<string, Setting>(), null) { Problems = [$"{hostPath}: {ex.Message}"], FlagsUnreadable = true };
        }
    }

    private DetectedComponent? FromEmbedded(ComponentInfo info)
    {
        if (info.Embedded is not { } embedded)
        {
            return null;
        }
        var process = processes.FirstOrDefault(p => embedded.Binaries.Contains(p.Executable)
            && (embedded.Subcommand.Length == 0 || (p.Arguments.Count > 1 && p.Arguments[1] == embedded.Subcommand)));
        if (process is null)
        {
            return null;
        }
        // --kubelet-arg=anonymous-auth=false (or --kubelet-arg anonymous-auth=false) becomes --anonymous-auth=false.
        var all = process.Arguments.Skip(1).ToList();
        var inner = new List<(string, int)>();
        for (var i = 0; i < all.Count; i++)
        {
            if (all[i].StartsWith(embedded.Flag + "=", StringComparison.Ordinal))
            {
                inner.Add(("--" + all[i][(embedded.Flag.Length + 1)..], 0));
            }
            else if (all[i] == embedded.Flag && i + 1 < all.Count)
            {
                inner.Add(("--" + all[++i], 0));
            }
        }
        return new DetectedComponent(info.Name, $"{embedded.Flag} of {process.Describe()}", Flags.Parse(inner, $"/proc/{process.Pid}/cmdline"), process);
    }

    private DetectedComponent WithConfigFiles(DetectedComponent component)
    {
        if (!ConfigFlags.TryGetValue(component.Name, out var config))
        {
            return component;
        }
        var problems = new List<string>(component.Problems);
        var files = new List<ConfigFile>();
        var explicitPath = component.Flags.GetValueOrDefault(config.Flag)?.Value;
        var file = explicitPath is not null ? ProcessPaths.Locate(root, explicitPath, component.Process)
            : config.DefaultPathKey is not null && PathOf(config.DefaultPathKey) is { } defaultPath ? ProcessPaths.Locate(root, defaultPath, component.Process) : null;
        if (file is not null && (explicitPath is not null || file.Root.Exists(file.Path)))
        {
            Read(file, files, problems);
        }
        // The kubelet's drop-in directory (--config-dir) overrides the main file, file by file in name order.
        if (component.Name == "kubelet" && component.Flags.GetValueOrDefault("--config-dir")?.Value is { } dropIns)
        {
            var dir = ProcessPaths.Locate(root, dropIns, component.Process);
            if (Directory.Exists(dir.RealPath))
            {
                foreach (var name in Directory.EnumerateFiles(dir.RealPath, "*.conf").Select(Path.GetFileName).Order(StringComparer.Ordinal))
                {
                    Read(dir with { Path = $"{dir.Path.TrimEnd('/')}/{name}", Display = $"{dir.Display.TrimEnd('/')}/{name}" }, files, problems);
                }
            }
        }
        return component with { ConfigFiles = files, Problems = problems, ConfigUnreadable = problems.Count > component.Problems.Count };
    }

    private static void Read(ProcessFile file, List<ConfigFile> files, List<string> problems)
    {
        var hostPath = file.Display;
        var path = file.RealPath;
        try
        {
            if (!File.Exists(path))
            {
                problems.Add($"config file {hostPath} not found");
                return;
            }
            if (new FileInfo(path).Length > DocumentLimits.Default.MaxFileBytes)
            {
                problems.Add($"config file {hostPath} is too large to read");
                return;
            }
            var outcome = new StructuredText(DocumentLimits.Default).Parse(File.ReadAllText(path), path);
            if (outcome.Errors.Count > 0 || outcome.Documents.FirstOrDefault()?.Root is not YamlMapping mapping)
            {
                problems.Add($"config file {hostPath}{(outcome.Errors.Count > 0 ? $":{outcome.Errors[0].Line}: {outcome.Errors[0].Message}" : ": not a mapping")}");
                return;
            }
            files.Add(new ConfigFile(hostPath, mapping));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"config file {hostPath}: {ex.Message}");
        }
    }
}
