using Palisade.Audit.Rules;

namespace Palisade.Audit.Events;

/// <summary>
/// Events scanned ahead, in order: their bytes side by side in one buffer, their notes in one slot table, and the
/// malformed lines between them. Blocks are reused, so reading ahead allocates nothing per event.
/// </summary>
internal sealed class EventBlock(int nodes)
{
    public const int Capacity = 2048;
    private const int DefaultBytes = 1 << 20;

    public readonly record struct Entry(int Offset, int Length, int Line, MalformedInput? Malformed);

    public byte[] Bytes { get; private set; } = new byte[DefaultBytes];

    public int Used { get; set; }

    public SlotTable Slots { get; } = new(nodes, Capacity);

    public List<Entry> Entries { get; } = new(Capacity);

    public bool Full => Entries.Count == Capacity;

    /// <summary>Room for this many more bytes (an empty block grows to fit a long line).</summary>
    public bool Fits(int length)
    {
        if (Used + length <= Bytes.Length)
        {
            return true;
        }
        if (Entries.Count > 0)
        {
            return false;
        }
        Bytes = new byte[Math.Max(length, DefaultBytes)];
        return true;
    }

    public void Reset()
    {
        Used = 0;
        Entries.Clear();
        if (Bytes.Length > DefaultBytes)
        {
            Bytes = new byte[DefaultBytes];
        }
    }
}
