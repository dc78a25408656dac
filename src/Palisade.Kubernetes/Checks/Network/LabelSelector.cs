using Palisade.Core.Yaml;

namespace Palisade.Kubernetes.Checks.Network;

/// <summary>Kubernetes label selector semantics (matchLabels and matchExpressions); an empty selector selects all.</summary>
public static class LabelSelector
{
    public static bool Selects(YamlMapping? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }
        foreach (var entry in selector.Map("matchLabels")?.Entries ?? [])
        {
            if (!labels.TryGetValue(entry.Key.Value, out var value) || value != (entry.Value as YamlScalar)?.Value)
            {
                return false;
            }
        }
        foreach (var expression in selector.Maps("matchExpressions"))
        {
            var key = expression.Str("key") ?? "";
            var values = expression.Strings("values").ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var actual);
            var ok = expression.Str("operator") switch
            {
                "In" => has && values.Contains(actual!),
                "NotIn" => !has || !values.Contains(actual!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    public static Dictionary<string, string> Labels(YamlMapping? labels) =>
        (labels?.Entries ?? []).Where(e => e.Value is YamlScalar).ToDictionary(e => e.Key.Value, e => ((YamlScalar)e.Value).Value, StringComparer.Ordinal);
}
