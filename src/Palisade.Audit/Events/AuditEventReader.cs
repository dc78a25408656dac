using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Palisade.Audit.Rules;

namespace Palisade.Audit.Events;

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

    /// <summary>
    /// Events from a log, in order, read as UTF-8 bytes a line at a time and scanned once through the shape (an
    /// analyzer's, so its rules find their values already noted; or just the envelope). With more than one core,
    /// reading and scanning run ahead on a second one (<paramref name="scanAhead"/> false keeps it on the caller's).
    /// </summary>
    public static IEnumerable<AuditEvent> Read(Stream stream, string source, Action<MalformedInput> malformed, EventShape? shape = null, bool scanAhead = true)
    {
        using var input = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        if (scanAhead && Environment.ProcessorCount > 1)
        {
            using var ahead = new ScanAhead(input, source, shape ?? new EventShape(), MaxLineBytes);
            foreach (var e in ahead.Events(source, malformed))
            {
                yield return e;
            }
            yield break;
        }
        using var lines = new Utf8LineReader(input, MaxLineBytes);
        var view = new EventView(shape ?? new EventShape());
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
            if (LogEnvelope.MayWrap(line.Text.Span) && LogEnvelope.TryUnwrap(line.Text.Span, out var wrapped))
            {
                foreach (var document in wrapped)
                {
                    foreach (var e in Events(document, source, line.Number, view, malformed))
                    {
                        yield return e;
                    }
                }
                continue;
            }
            // The common case, one Event per line, without a nested iterator per line.
            if (Scan(view, line.Text, source, line.Number, malformed) is not { } list)
            {
                continue;
            }
            if (!list)
            {
                var single = new AuditEvent(line.Text, source, line.Number, view);
                yield return single;
                single.Release();
                continue;
            }
            foreach (var e in Items(line.Text, source, line.Number, view))
            {
                yield return e;
            }
        }
    }

    /// <summary>One document (a webhook batch): an Event, or an EventList whose items are events.</summary>
    public static IEnumerable<AuditEvent> Parse(ReadOnlyMemory<byte> utf8, string source, int line, Action<MalformedInput> malformed, EventShape? shape = null) =>
        Events(utf8, source, line, new EventView(shape ?? new EventShape()), malformed);

    /// <summary>A document given as text (tests, tools): see the UTF-8 overload.</summary>
    public static IEnumerable<AuditEvent> Parse(string text, string source, int line, Action<MalformedInput> malformed) =>
        Parse(Encoding.UTF8.GetBytes(text), source, line, malformed);

    private static IEnumerable<AuditEvent> Events(ReadOnlyMemory<byte> json, string source, int line, EventView view, Action<MalformedInput> malformed)
    {
        if (Scan(view, json, source, line, malformed) is not { } list)
        {
            yield break;
        }
        if (!list)
        {
            var single = new AuditEvent(json, source, line, view);
            yield return single;
            single.Release();
            yield break;
        }
        foreach (var e in Items(json, source, line, view))
        {
            yield return e;
        }
    }

    /// <summary>The events of an EventList the view has just scanned.</summary>
    private static IEnumerable<AuditEvent> Items(ReadOnlyMemory<byte> json, string source, int line, EventView view)
    {
        // Items of a batch carry no kind of their own: every object in it is an event.
        var offset = view.Start(EventShape.Items);
        foreach (var (start, length) in ItemPlaces(view.RawValue(EventShape.Items)))
        {
            var item = json.Slice(offset + start, length);
            view.Scan(item);
            var e = new AuditEvent(item, source, line, view);
            yield return e;
            e.Release();
        }
    }

    /// <summary>
    /// Scans a document: false for an audit Event, true for an EventList with items, null (reported) for anything else.
    /// </summary>
    internal static bool? Scan(EventView view, ReadOnlyMemory<byte> json, string source, int line, out MalformedInput? malformed)
    {
        malformed = null;
        try
        {
            view.Scan(json);
        }
        catch (JsonException ex)
        {
            malformed = new MalformedInput(source, line, $"not JSON ({ex.Message})");
            return null;
        }
        if (view.Token(EventShape.Root) != JsonTokenType.StartObject || view.Token(EventShape.Kind) != JsonTokenType.String)
        {
            malformed = new MalformedInput(source, line, "not an audit event (no kind)");
            return null;
        }
        var kind = view.Text(EventShape.Kind);
        if (kind.SequenceEqual("Event"u8))
        {
            var version = view.Token(EventShape.ApiVersion);
            if (version is JsonTokenType.None or JsonTokenType.Null
                || (version == JsonTokenType.String && (view.Text(EventShape.ApiVersion).SequenceEqual("audit.k8s.io/v1"u8) || view.Text(EventShape.ApiVersion).SequenceEqual("audit.k8s.io/v1beta1"u8))))
            {
                return false;
            }
            malformed = new MalformedInput(source, line, $"kind 'Event' of apiVersion '{Encoding.UTF8.GetString(view.Text(EventShape.ApiVersion))}' is not an audit event");
            return null;
        }
        if (kind.SequenceEqual("EventList"u8) && view.Token(EventShape.Items) == JsonTokenType.StartArray)
        {
            return true;
        }
        malformed = new MalformedInput(source, line, $"kind '{Encoding.UTF8.GetString(kind)}' is not an audit Event or EventList");
        return null;
    }

    private static bool? Scan(EventView view, ReadOnlyMemory<byte> json, string source, int line, Action<MalformedInput> malformed)
    {
        var list = Scan(view, json, source, line, out var bad);
        if (bad is not null)
        {
            malformed(bad);
        }
        return list;
    }

    /// <summary>Where each object in an array is, relative to the array's first byte.</summary>
    internal static List<(int Start, int Length)> ItemPlaces(ReadOnlySpan<byte> array)
    {
        var items = new List<(int, int)>();
        var reader = new Utf8JsonReader(array, EventView.ReaderOptions);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
            if (isObject)
            {
                items.Add((start, (int)reader.BytesConsumed - start));
            }
        }
        return items;
    }
}
