using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Palisade.Audit.Events;

/// <summary>
/// One audit event and where it was read (file and line), for findings that point back at the log. The root is only
/// valid while the reader's enumeration is on it.
/// </summary>
public sealed record AuditEvent(JsonElement Root, string Source, int Line);

/// <summary>A line or batch that is not an audit event: counted and reported, never fatal.</summary>
public sealed record MalformedInput(string Source, int Line, string Reason);

/// <summary>
/// Streams audit events from JSON-lines logs (plain or .gz, rotated files in a directory, or standard input), one
/// line at a time, accepting audit.k8s.io v1 and v1beta1 events and EventList documents (webhook batches).
/// </summary>
public static class AuditEventReader
{
    private const int MaxLineBytes = 16 * 1024 * 1024;

    /// <summary>A file, or a directory's audit logs: *.log, *.json, *.jsonl and their .gz rotations (READMEs and licences are not logs).</summary>
    public static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
                .Where(IsLog).Order(StringComparer.Ordinal)
            : [path];

    private static bool IsLog(string file)
    {
        var name = Path.GetFileName(file).ToLowerInvariant();
        var plain = name.EndsWith(".gz", StringComparison.Ordinal) ? name[..^3] : name;
        return plain.EndsWith(".log", StringComparison.Ordinal) || plain.EndsWith(".json", StringComparison.Ordinal) || plain.EndsWith(".jsonl", StringComparison.Ordinal)
            || plain.Contains("audit", StringComparison.Ordinal);
    }

    internal static JsonDocumentOptions Options { get; } = new() { MaxDepth = 128 };

    /// <summary>
    /// Events from a log, in order, read as UTF-8 bytes a line at a time; each event borrows its line's parsed
    /// document and is valid until the enumeration moves past it, which spares a copy per event.
    /// </summary>
    public static IEnumerable<AuditEvent> Read(Stream stream, string source, Action<MalformedInput> malformed)
    {
        using var input = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var lines = new Utf8LineReader(input, MaxLineBytes);
        while (lines.Next() is { } line)
        {
            if (line.Oversized)
            {
                malformed(new MalformedInput(source, line.Number, $"a line of more than {MaxLineBytes:N0} bytes is over the cap"));
                continue;
            }
            if (line.Text.Span.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                continue;
            }
            // Inlined rather than calling Parse: one iterator per log instead of two per line.
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line.Text, Options);
            }
            catch (JsonException ex)
            {
                malformed(new MalformedInput(source, line.Number, $"not JSON ({ex.Message})"));
                continue;
            }
            using (document)
            {
                var root = document.RootElement;
                if (Classify(root, out var list) is { } reason)
                {
                    malformed(new MalformedInput(source, line.Number, reason));
                    continue;
                }
                if (!list)
                {
                    yield return new AuditEvent(root, source, line.Number);
                    continue;
                }
                foreach (var item in root.GetProperty("items"u8).EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        yield return new AuditEvent(item, source, line.Number);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One document (a webhook batch): an Event, or an EventList whose items are events. The events borrow the
    /// parsed document, which reads the caller's bytes in place: each is valid until the enumeration moves on.
    /// </summary>
    public static IEnumerable<AuditEvent> Parse(ReadOnlyMemory<byte> utf8, string source, int line, Action<MalformedInput> malformed)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException ex)
        {
            malformed(new MalformedInput(source, line, $"not JSON ({ex.Message})"));
            yield break;
        }
        using (document)
        {
            var root = document.RootElement;
            if (Classify(root, out var list) is { } reason)
            {
                malformed(new MalformedInput(source, line, reason));
                yield break;
            }
            if (!list)
            {
                yield return new AuditEvent(root, source, line);
                yield break;
            }
            foreach (var item in root.GetProperty("items"u8).EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object)
                {
                    yield return new AuditEvent(item, source, line);
                }
            }
        }
    }

    /// <summary>A document given as text (tests, tools): see the UTF-8 overload.</summary>
    public static IEnumerable<AuditEvent> Parse(string text, string source, int line, Action<MalformedInput> malformed) =>
        Parse(Encoding.UTF8.GetBytes(text), source, line, malformed);

    /// <summary>Null for an audit Event or an EventList with items (list); otherwise why the document is not one.</summary>
    internal static string? Classify(JsonElement root, out bool list)
    {
        list = false;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "not an audit event (no kind)";
        }
        // kind and apiVersion open every event the API server writes: look at the first properties, not all of them.
        JsonElement kind = default, version = default;
        var seen = 0;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("kind"u8))
            {
                kind = property.Value;
                seen++;
            }
            else if (property.NameEquals("apiVersion"u8))
            {
                version = property.Value;
                seen++;
            }
            if (seen == 2)
            {
                break;
            }
        }
        if (kind.ValueKind != JsonValueKind.String)
        {
            return "not an audit event (no kind)";
        }
        if (kind.ValueEquals("Event"u8))
        {
            var audit = version.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
                || (version.ValueKind == JsonValueKind.String && (version.ValueEquals("audit.k8s.io/v1"u8) || version.ValueEquals("audit.k8s.io/v1beta1"u8)));
            return audit ? null : $"kind 'Event' of apiVersion '{(version.ValueKind == JsonValueKind.String ? version.GetString() : version.GetRawText())}' is not an audit event";
        }
        if (kind.ValueEquals("EventList"u8) && root.TryGetProperty("items"u8, out var items) && items.ValueKind == JsonValueKind.Array)
        {
            list = true;
            return null;
        }
        return $"kind '{kind.GetString()}' is not an audit Event or EventList";
    }
}
