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

    public static IEnumerable<AuditEvent> Read(Stream stream, string source, Action<MalformedInput> malformed)
    {
        using var input = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var number = 0;
        while (ReadLine(reader) is { } line)
        {
            number++;
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (line.Length > MaxLineBytes)
            {
                malformed(new MalformedInput(source, number, $"a line of {line.Length:N0} characters is over the cap"));
                continue;
            }
            foreach (var item in Parse(line, source, number, malformed))
            {
                yield return item;
            }
        }
    }

    /// <summary>
    /// One document: an Event, or an EventList whose items are events. The events borrow the parsed document: each
    /// is valid until the enumeration moves on (analysis takes what it keeps as strings), which spares a copy per event.
    /// </summary>
    public static IEnumerable<AuditEvent> Parse(string text, string source, int line, Action<MalformedInput> malformed)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            malformed(new MalformedInput(source, line, $"not JSON ({ex.Message})"));
            yield break;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String)
            {
                malformed(new MalformedInput(source, line, "not an audit event (no kind)"));
                yield break;
            }
            if (kind.ValueEquals("Event") && IsAudit(root))
            {
                yield return new AuditEvent(root, source, line);
            }
            else if (kind.ValueEquals("EventList") && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        yield return new AuditEvent(item, source, line);
                    }
                }
            }
            else
            {
                malformed(new MalformedInput(source, line, $"kind '{kind.GetString()}' is not an audit Event or EventList"));
            }
        }
    }

    private static bool IsAudit(JsonElement root) =>
        !root.TryGetProperty("apiVersion", out var version) || version.GetString() is null or "audit.k8s.io/v1" or "audit.k8s.io/v1beta1";

    private static string? ReadLine(StreamReader reader) => reader.ReadLine();
}
