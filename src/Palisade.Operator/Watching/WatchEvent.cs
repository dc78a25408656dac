using System.Text.Json;

namespace Palisade.Operator.Watching;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}

/// <summary>A change to one object: what happened, and the object as it now is (as it was, for a deletion).</summary>
public sealed record WatchEvent(WatchedResource Resource, WatchEventType Type, JsonElement Object)
{
    public string Namespace => Object.TryGetProperty("metadata", out var m) && m.TryGetProperty("namespace", out var ns) ? ns.GetString() ?? "" : "";

    public string Name => Object.TryGetProperty("metadata", out var m) && m.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
}
