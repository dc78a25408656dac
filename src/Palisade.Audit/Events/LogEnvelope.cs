using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Events;

/// <summary>
/// Audit events as managed clusters hand them over, wrapped in their log service's records: EKS through CloudWatch
/// ({"message": "&lt;event&gt;"} lines, or {"events"|"logEvents": [{"message": …}]} exports), AKS diagnostic
/// settings ({"records": [{"properties": {"log": …}}]}), log shippers' {"log": …} lines, and GKE's Cloud Logging
/// entries (rewritten by <see cref="GkeAuditLog"/>). The event inside is taken out and read like any line.
/// </summary>
public static class LogEnvelope
{
    private const int MaxRecords = 100_000;
    private static readonly string[] Lists = ["records", "logEvents", "events"];

    /// <summary>Cheap test first: every API server event names its kind at the start, so a line that does is not wrapped.</summary>
    public static bool MayWrap(ReadOnlySpan<byte> line) => line[..Math.Min(line.Length, 256)].IndexOf("\"kind\""u8) < 0;

    /// <summary>The wrapped documents, or false when the line is not an envelope around audit JSON.</summary>
    public static bool TryUnwrap(ReadOnlySpan<byte> line, out List<byte[]> documents)
    {
        documents = [];
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return false;
        }
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                // A compact array of entries on one line (jq -c of a gcloud or CloudWatch export).
                AddRecords(root, documents);
                return documents.Count > 0;
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            if (GkeAuditLog.IsEntry(root))
            {
                documents.Add(GkeAuditLog.ToEvent(root));
                return true;
            }
            if (GkeAuditLog.IsOtherService(root))
            {
                // The project's audit log holds every Google service's entries: only Kubernetes' are ours.
                return true;
            }
            if (Wrapped(root) is { } single)
            {
                documents.Add(single);
                return true;
            }
            foreach (var name in Lists)
            {
                if (root.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    AddRecords(list, documents);
                }
            }
            return documents.Count > 0;
        }
    }

    private static void AddRecords(JsonElement array, List<byte[]> documents)
    {
        foreach (var record in array.EnumerateArray().Take(MaxRecords))
        {
            if (GkeAuditLog.IsEntry(record))
            {
                documents.Add(GkeAuditLog.ToEvent(record));
            }
            else if (Wrapped(record) is { } inner)
            {
                documents.Add(inner);
            }
        }
    }

    private static byte[]? Wrapped(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var text = Text(record, "message") ?? Text(record, "log")
            ?? (record.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object ? Text(properties, "log") : null);
        return text is not null && text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal) ? Encoding.UTF8.GetBytes(text.Trim()) : null;
    }

    private static string? Text(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
