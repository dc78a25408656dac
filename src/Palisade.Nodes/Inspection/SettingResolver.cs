using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Nodes.Benchmarks;
using Palisade.Nodes.Components;

namespace Palisade.Nodes.Inspection;

/// <summary>A setting's effective value with the kubelet's precedence: flag, then config file(s), then default.</summary>
public sealed record ResolvedSetting(string? Value, string Evidence, SourceLocation? Location);

public static class SettingResolver
{
    /// <summary>Null when the setting cannot be known: its flags or config file could not be read.</summary>
    public static ResolvedSetting? TryResolve(DetectedComponent component, SettingSource source)
    {
        var flagGiven = source.Flag is { } f && component.Flags.ContainsKey(f);
        if (component.FlagsUnreadable || (component.ConfigUnreadable && source.ConfigPath is not null && !flagGiven))
        {
            return null;
        }
        return Resolve(component, source);
    }

    public static ResolvedSetting Resolve(DetectedComponent component, SettingSource source)
    {
        if (source.FeatureGate is { } gate)
        {
            return ResolveFeatureGate(component, gate, source);
        }
        if (source.Flag is { } flag && component.Flags.TryGetValue(flag, out var set))
        {
            return new ResolvedSetting(set.Value, $"{flag}={set.Value} on {component.Origin}", Location(set.Source, set.Line));
        }
        if (source.ConfigPath is { } path)
        {
            for (var i = component.ConfigFiles.Count - 1; i >= 0; i--)
            {
                var file = component.ConfigFiles[i];
                // An empty value is Go's zero value: the component falls back to its default, as if unset.
                if (Lookup(file.Root, path) is { } node && !(node is YamlScalar { Value.Length: 0 }))
                {
                    var value = Text(node);
                    return new ResolvedSetting(value, $"{path}: {value} in {file.HostPath}", new SourceLocation(file.HostPath, node.Start.Line, node.Start.Column));
                }
            }
        }
        var usesConfigFile = component.ConfigFiles.Count > 0;
        var fallback = usesConfigFile ? source.ConfigDefault ?? source.Default : source.Default;
        var name = source.Flag ?? source.ConfigPath;
        return fallback is null
            ? new ResolvedSetting(null, $"{name} is not set on {component.Origin}{(usesConfigFile ? " nor in its config file" : "")}", null)
            : new ResolvedSetting(fallback, $"{name} is not set on {component.Origin}{(usesConfigFile ? " nor in its config file" : "")}; the default is {fallback}", null);
    }

    private static ResolvedSetting ResolveFeatureGate(DetectedComponent component, string gate, SettingSource source)
    {
        if (component.Flags.TryGetValue("--feature-gates", out var gates))
        {
            foreach (var pair in gates.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts.Length == 2 && parts[0] == gate)
                {
                    return new ResolvedSetting(parts[1], $"--feature-gates {gate}={parts[1]} on {component.Origin}", Location(gates.Source, gates.Line));
                }
            }
        }
        for (var i = component.ConfigFiles.Count - 1; i >= 0; i--)
        {
            if (component.ConfigFiles[i].Root.Map("featureGates")?.Scalar(gate) is { } node)
            {
                return new ResolvedSetting(node.Value, $"featureGates.{gate}: {node.Value} in {component.ConfigFiles[i].HostPath}",
                    new SourceLocation(component.ConfigFiles[i].HostPath, node.Start.Line, node.Start.Column));
            }
        }
        return new ResolvedSetting(source.Default, $"feature gate {gate} is not set on {component.Origin}; the default is {source.Default ?? "unknown"}", null);
    }

    private static YamlNode? Lookup(YamlMapping root, string dottedPath)
    {
        YamlNode? current = root;
        foreach (var part in dottedPath.Split('.'))
        {
            current = (current as YamlMapping)?[part];
            if (current is null)
            {
                return null;
            }
        }
        return current;
    }

    private static string Text(YamlNode node) => node switch
    {
        YamlScalar scalar => scalar.Value,
        YamlSequence sequence => string.Join(",", sequence.Items.OfType<YamlScalar>().Select(s => s.Value)),
        _ => "(a mapping)",
    };

    private static SourceLocation Location(string source, int line) => new(source, line, line > 0 ? 1 : 0);
}
