using Palisade.Core.Yaml;

namespace Palisade.Policy.Admission;

/// <summary>
/// Finds the node a validation's fieldPath names ("spec.replicas", "spec.containers[0].image",
/// "metadata.labels['app.kubernetes.io/name']"), so the finding points at that line; the nearest existing parent
/// when the field is absent.
/// </summary>
public static class FieldPaths
{
    public static YamlNode? Find(YamlMapping root, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        YamlNode current = root;
        var i = path.StartsWith('.') ? 1 : 0;
        while (i < path.Length)
        {
            YamlNode? next;
            if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return current;
                }
                var inside = path[(i + 1)..close].Trim();
                next = inside.Length > 1 && inside[0] is '\'' or '"'
                    ? (current as YamlMapping)?.Entry(inside[1..^1])?.Value
                    : int.TryParse(inside, out var index) && current is YamlSequence seq && index >= 0 && index < seq.Items.Count ? seq.Items[index] : null;
                i = close + 1;
            }
            else
            {
                var end = i;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }
                next = (current as YamlMapping)?.Entry(path[i..end])?.Value;
                i = end;
            }
            if (next is null)
            {
                return current;
            }
            current = next;
            if (i < path.Length && path[i] == '.')
            {
                i++;
            }
        }
        return current;
    }
}
