using Palisade.Nodes.Host;

namespace Palisade.Nodes.Components;

/// <summary>A component found on the node, with its flags and where they came from.</summary>
public sealed record DetectedComponent(string Name, string Origin, IReadOnlyDictionary<string, Setting> Flags, HostProcess? Process)
{
    /// <summary>Config files in the order they apply (later ones override earlier ones), already parsed.</summary>
    public IReadOnlyList<ConfigFile> ConfigFiles { get; init; } = [];

    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The component's own flags could not be read (e.g. a garbled static pod manifest): nothing may be assumed.</summary>
    public bool FlagsUnreadable { get; init; }

    /// <summary>A config file the component names could not be read: its settings are unknown, not defaults.</summary>
    public bool ConfigUnreadable { get; init; }
}

public sealed record ConfigFile(string HostPath, Core.Yaml.YamlMapping Root);
