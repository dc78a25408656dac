using System.Text.Json;
using Palisade.Audit.Rules;

namespace Palisade.Audit.Events;

/// <summary>
/// One audit event: its JSON bytes and where it was read (file and line), for findings that point back at the log.
/// The bytes, the view and <see cref="Root"/> are only valid while the reader's enumeration is on the event.
/// </summary>
public sealed class AuditEvent
{
    private JsonDocument? _document;

    internal AuditEvent(ReadOnlyMemory<byte> json, string source, int line, EventView? view)
    {
        Json = json;
        Source = source;
        Line = line;
        View = view;
    }

    public ReadOnlyMemory<byte> Json { get; }

    public string Source { get; }

    public int Line { get; }

    /// <summary>The event as the reader scanned it, when read with a shape (an analyzer's), so it is not read twice.</summary>
    public EventView? View { get; }

    /// <summary>The event as a JSON document, parsed on first use (alerts shipping the original event).</summary>
    public JsonElement Root => (_document ??= JsonDocument.Parse(Json, new JsonDocumentOptions { MaxDepth = 128 })).RootElement;

    internal void Release()
    {
        _document?.Dispose();
        _document = null;
    }
}

/// <summary>A line or batch that is not an audit event: counted and reported, never fatal.</summary>
public sealed record MalformedInput(string Source, int Line, string Reason);
