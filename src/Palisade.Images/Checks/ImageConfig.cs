using System.Text.Json;

namespace Palisade.Images.Checks;

/// <summary>The parts of an image's config (the OCI/Docker config JSON) the checks look at.</summary>
public sealed record ImageConfig(string? User, IReadOnlyList<string> Env, IReadOnlyList<string> ExposedPorts, bool HasHealthcheck, IReadOnlyList<string> History)
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>For each history entry, whether it produced no layer (ENV, CMD…), in order, to line history up with layers.</summary>
    public IReadOnlyList<bool> EmptyLayer { get; init; } = [];

    /// <summary>
    /// How many of the bottom layers come from the base image: layers up to the last CMD or ENTRYPOINT that is
    /// followed by more layers (a base image ends with one). 0 when the history does not tell.
    /// </summary>
    public int BaseLayerCount()
    {
        var layers = 0;
        var baseLayers = 0;
        for (var i = 0; i < History.Count; i++)
        {
            var empty = i < EmptyLayer.Count && EmptyLayer[i];
            if (!empty)
            {
                layers++;
            }
            var instruction = History[i];
            if ((instruction.Contains(" CMD ", StringComparison.Ordinal) || instruction.Contains(" ENTRYPOINT ", StringComparison.Ordinal)
                || instruction.StartsWith("CMD ", StringComparison.Ordinal) || instruction.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))
                && History.Skip(i + 1).Select((_, j) => i + 1 + j).Any(k => !(k < EmptyLayer.Count && EmptyLayer[k])))
            {
                baseLayers = layers;
            }
        }
        return baseLayers;
    }

    /// <summary>The configuration's settings; a configuration of the wrong shape or with invalid UTF-8 is bad input.</summary>
    public static ImageConfig Parse(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Parse(document.RootElement)
                : throw new InvalidDataException("the image configuration is not a JSON object");
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidDataException($"the image configuration is malformed ({ex.Message})", ex);
        }
    }

    private static ImageConfig Parse(JsonElement root)
    {
        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c
            : root.TryGetProperty("container_config", out var cc) && cc.ValueKind == JsonValueKind.Object ? cc : default;
        string? Str(string name) => config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        IReadOnlyList<string> Strings(string name) => config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)] : [];
        var ports = config.ValueKind == JsonValueKind.Object && config.TryGetProperty(nameof(ExposedPorts), out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().Select(o => o.Name).ToList() : [];
        var healthcheck = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Healthcheck", out var h) && h.ValueKind == JsonValueKind.Object
            && !(h.TryGetProperty("Test", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 && t[0].ValueKind == JsonValueKind.String && t[0].GetString() == "NONE");
        var history = root.TryGetProperty("history", out var hist) && hist.ValueKind == JsonValueKind.Array
            ? hist.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("created_by", out var by) && by.ValueKind == JsonValueKind.String ? by.GetString()! : "").ToList() : [];
        var empty = root.TryGetProperty("history", out var hist2) && hist2.ValueKind == JsonValueKind.Array
            ? hist2.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("empty_layer", out var el) && el.ValueKind == JsonValueKind.True).ToList() : [];
        var labels = config.ValueKind == JsonValueKind.Object && config.TryGetProperty(nameof(Labels), out var l) && l.ValueKind == JsonValueKind.Object
            ? l.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.String).GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value.GetString()!) : [];
        return new ImageConfig(Str("User"), Strings("Env"), ports, healthcheck, history) { Labels = labels, EmptyLayer = empty };
    }
}
