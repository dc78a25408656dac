using System.Reflection;
using Palisade.Core.Yaml;

namespace Palisade.Nodes.Components;

/// <summary>How a component appears on a host: its binaries, static pod manifest, or flags inside k3s/rke2.</summary>
public sealed record ComponentInfo(string Name, IReadOnlyList<string> Binaries, string? Manifest, EmbeddedForm? Embedded);

/// <summary>A component that runs inside a distribution's single binary, configured through a pass-through flag.</summary>
public sealed record EmbeddedForm(IReadOnlyList<string> Binaries, string Subcommand, string Flag);

public sealed record Distribution(string Name, IReadOnlyList<string> Detect, IReadOnlyDictionary<string, string> Paths);

/// <summary>Components and distributions from the embedded distributions.yaml, validated at load.</summary>
public sealed class ComponentCatalog
{
    private ComponentCatalog(IReadOnlyDictionary<string, ComponentInfo> components, IReadOnlyList<Distribution> distributions)
    {
        Components = components;
        Distributions = distributions;
    }

    public IReadOnlyDictionary<string, ComponentInfo> Components { get; }

    public IReadOnlyList<Distribution> Distributions { get; }

    public Distribution Kubeadm => Distributions.First(d => d.Name == "kubeadm");

    public static ComponentCatalog Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("distributions.yaml")
            ?? throw new InvalidOperationException("distributions.yaml is not embedded");
        using var reader = new StreamReader(stream);
        var outcome = new YamlTreeReader(DocumentLimits.Default).Read(reader.ReadToEnd());
        if (outcome.Errors.Count > 0 || outcome.Documents.Count != 1 || outcome.Documents[0].Root is not YamlMapping root)
        {
            throw new InvalidDataException("distributions.yaml: " + string.Join("; ", outcome.Errors.Select(e => $"line {e.Line}: {e.Message}")));
        }
        var components = new Dictionary<string, ComponentInfo>(StringComparer.Ordinal);
        foreach (var entry in Required(root.Map("components"), "components").Entries)
        {
            var body = (YamlMapping)entry.Value;
            var embedded = body.Map("embedded") is { } e
                ? new EmbeddedForm([.. e.Strings("binaries")], e.Str("subcommand") ?? "", e.Str("flag") ?? throw Invalid(e, "embedded.flag"))
                : null;
            components[entry.Key.Value] = new ComponentInfo(entry.Key.Value, [.. body.Strings("binaries")], body.Str("manifest"), embedded);
        }
        var distributions = Required(root.Map("distributions"), "distributions").Entries
            .Select(d => (d.Key.Value, Body: (YamlMapping)d.Value))
            .Select(d => new Distribution(d.Value, [.. d.Body.Strings("detect")],
                Required(d.Body.Map("paths"), $"{d.Value}.paths").Entries.ToDictionary(p => p.Key.Value, p => ((YamlScalar)p.Value).Value, StringComparer.Ordinal)))
            .ToList();
        return new ComponentCatalog(components, distributions);
    }

    private static YamlMapping Required(YamlMapping? node, string name) => node ?? throw new InvalidDataException($"distributions.yaml: '{name}' is missing");

    private static InvalidDataException Invalid(YamlNode node, string field) => new($"distributions.yaml line {node.Start.Line}: '{field}' is missing");
}
