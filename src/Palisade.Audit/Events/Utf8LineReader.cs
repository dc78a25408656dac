using System.Buffers;

namespace Palisade.Audit.Events;

/// <summary>One line's bytes (without the newline), valid until the next call; or a line over the cap, skipped.</summary>
public readonly record struct Utf8Line(ReadOnlyMemory<byte> Text, int Number, bool Oversized);

/// <summary>
/// Splits a UTF-8 stream into lines in a pooled buffer that grows up to the cap, so lines are parsed as the bytes
/// they are, without a UTF-16 round trip. A byte-order mark at the start is skipped.
/// </summary>
public sealed class Utf8LineReader(Stream input, int maxLineBytes) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 18);
    private int _start;
    private int _end;
    private int _scanned;
    private int _number;
    private bool _eof;
    private bool _started;

    /// <summary>Called before each read from the stream, which may block (a pipe waiting for its writer).</summary>
    public Action? BeforeRead { get; init; }

    public Utf8Line? Next()
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var end = _scanned + newline;
                var line = new Utf8Line(_buffer.AsMemory(_start, end - _start), ++_number, false);
                _start = _scanned = end + 1;
                return line;
            }
            _scanned = _end;
            if (_eof)
            {
                if (_start == _end)
                {
                    return null;
                }
                var last = new Utf8Line(_buffer.AsMemory(_start, _end - _start), ++_number, false);
                _start = _scanned = _end;
                return last;
            }
            if (_end - _start >= maxLineBytes)
            {
                return SkipOversized();
            }
            Fill();
        }
    }

    /// <summary>Discards the rest of a line that is over the cap, reading on to its newline.</summary>
    private Utf8Line SkipOversized()
    {
        var number = ++_number;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start = _scanned = _start + newline + 1;
                return new Utf8Line(ReadOnlyMemory<byte>.Empty, number, true);
            }
            _start = _scanned = _end = 0;
            if (_eof)
            {
                return new Utf8Line(ReadOnlyMemory<byte>.Empty, number, true);
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _scanned -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, maxLineBytes + 1));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        BeforeRead?.Invoke();
        var read = input.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return;
        }
        _end += read;
        if (!_started)
        {
            _started = true;
            if (_end >= 3 && _buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
            {
                _start = _scanned = 3;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
