using System.Text.Json;

namespace Palisade.Images.Checks;

/// <summary>The parts of an image's config (the OCI/Docker config JSON) the checks look at.</summary>
public sealed record ImageConfig(string? User, IReadOnlyList<string> Env, IReadOnlyList<string> ExposedPorts, bool HasHealthcheck, IReadOnlyList<string> History)
{
    public static ImageConfig Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c
            : root.TryGetProperty("container_config", out var cc) && cc.ValueKind == JsonValueKind.Object ? cc : default;
        string? Str(string name) => config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        IReadOnlyList<string> Strings(string name) => config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)] : [];
        var ports = config.ValueKind == JsonValueKind.Object && config.TryGetProperty(nameof(ExposedPorts), out var p) && p.ValueKind == JsonValueKind.Object
            ? p.EnumerateObject().Select(o => o.Name).ToList() : [];
        var healthcheck = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Healthcheck", out var h) && h.ValueKind == JsonValueKind.Object
            && !(h.TryGetProperty("Test", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 && t[0].GetString() == "NONE");
        var history = root.TryGetProperty("history", out var hist) && hist.ValueKind == JsonValueKind.Array
            ? hist.EnumerateArray().Select(e => e.TryGetProperty("created_by", out var by) ? by.GetString() ?? "" : "").ToList() : [];
        return new ImageConfig(Str("User"), Strings("Env"), ports, healthcheck, history);
    }
}
