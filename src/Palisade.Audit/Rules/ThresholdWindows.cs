using System.Text;

namespace Palisade.Audit.Rules;

/// <summary>
/// Fires when a number of matching events from the same key (a user) arrive within a window; with Distinct, when
/// that many different values of a field (resource kinds, namespaces) are seen from the key within the window.
/// </summary>
public sealed record Threshold(int Count, TimeSpan Within, FieldPath By)
{
    public FieldPath? Distinct { get; init; }
}

/// <summary>
/// The sliding windows of one threshold rule, one per key: the last Count timestamps in a ring, so the rule crosses
/// when the oldest of them is still inside the window. Keys are looked up from the event's bytes; memory is capped,
/// and windows that can no longer count toward an alert are dropped first.
/// </summary>
internal sealed class ThresholdWindows(Threshold threshold, int maxKeys)
{
    private const int StackChars = 256;
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);

    /// <summary>New keys refused because the cap was reached with every window still live.</summary>
    public long KeysRefused { get; private set; }

    /// <summary>True once per window when the key reaches the count within the window.</summary>
    public bool Crossed(ReadOnlySpan<byte> key, DateTimeOffset when) =>
        Find(key, when.UtcTicks) is { } window && window.Add(when.UtcTicks, threshold.Count, threshold.Within.Ticks);

    /// <summary>For distinct thresholds: true once per window when the key has seen Count different values.</summary>
    public bool Crossed(ReadOnlySpan<byte> key, DateTimeOffset when, ReadOnlySpan<byte> distinct)
    {
        if (Find(key, when.UtcTicks) is not { } window)
        {
            return false;
        }
        Span<char> stack = stackalloc char[StackChars];
        var value = distinct.Length <= StackChars ? stack[..Encoding.UTF8.GetChars(distinct, stack)] : Encoding.UTF8.GetString(distinct).AsSpan();
        return window.AddDistinct(value, when.UtcTicks, threshold.Count, threshold.Within.Ticks);
    }

    private Window? Find(ReadOnlySpan<byte> key, long now)
    {
        Span<char> stack = stackalloc char[StackChars];
        var text = key.Length <= StackChars ? stack[..Encoding.UTF8.GetChars(key, stack)] : Encoding.UTF8.GetString(key).AsSpan();
        var lookup = _windows.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var window))
        {
            return window;
        }
        if (_windows.Count >= maxKeys && !Prune(now))
        {
            KeysRefused++;
            return null;
        }
        window = new Window(threshold.Count);
        _windows.Add(text.ToString(), window);
        return window;
    }

    /// <summary>Drops windows whose every timestamp and last alert are older than the window: they can no longer matter.</summary>
    private bool Prune(long now)
    {
        foreach (var (key, window) in _windows)
        {
            if (now - window.Newest > threshold.Within.Ticks)
            {
                _windows.Remove(key);
            }
        }
        return _windows.Count < maxKeys;
    }

    private sealed class Window(int count)
    {
        private readonly long[] _ring = new long[count];
        private int _next;
        private int _filled;
        private long _lastAlert = long.MinValue;
        private Dictionary<string, long>? _seen;

        public long Newest { get; private set; }

        /// <summary>Counts different values seen within the window; holds at most a few times Count values.</summary>
        public bool AddDistinct(ReadOnlySpan<char> value, long now, int count, long within)
        {
            var seen = _seen ??= new Dictionary<string, long>(StringComparer.Ordinal);
            var lookup = seen.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(value, out var last))
            {
                if (now > last)
                {
                    lookup[value] = now;
                }
            }
            else
            {
                seen[value.ToString()] = now;
            }
            Newest = Math.Max(Newest, now);
            if (seen.Count > count)
            {
                foreach (var (old, at) in seen)
                {
                    if (now - at > within)
                    {
                        seen.Remove(old);
                    }
                }
            }
            if (seen.Count > count * 4)
            {
                seen.Remove(seen.MinBy(e => e.Value).Key);
            }
            var live = 0;
            foreach (var at in seen.Values)
            {
                live += now - at <= within ? 1 : 0;
            }
            if (live < count || (_lastAlert != long.MinValue && now - _lastAlert <= within))
            {
                return false;
            }
            _lastAlert = now;
            return true;
        }

        public bool Add(long now, int count, long within)
        {
            _ring[_next] = now;
            _next = (_next + 1) % count;
            _filled = Math.Min(_filled + 1, count);
            Newest = Math.Max(Newest, now);
            if (_filled < count || now - _ring[_next] > within)
            {
                return false;
            }
            if (_lastAlert != long.MinValue && now - _lastAlert <= within)
            {
                return false;
            }
            _lastAlert = now;
            return true;
        }
    }
}
