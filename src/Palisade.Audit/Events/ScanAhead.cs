using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Palisade.Audit.Rules;

namespace Palisade.Audit.Events;

/// <summary>
/// Reads, splits and scans lines on a second core while the caller analyses the events before them. Events travel
/// in reusable blocks (bytes and slot notes, no documents), at most a few blocks ahead, so memory stays flat. With
/// a stream that can block (a pipe), a block is handed over before each read, so live input is analysed as it comes.
/// </summary>
internal sealed class ScanAhead : IDisposable
{
    private const int QueuedBlocks = 2;
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly BlockingCollection<EventBlock> _full = new(QueuedBlocks);
    private readonly ConcurrentQueue<EventBlock> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly EventShape _shape;
    private readonly Task _reader;
    private ExceptionDispatchInfo? _failure;

    public ScanAhead(Stream input, string source, EventShape shape, int maxLineBytes)
    {
        _shape = shape;
        _reader = Task.Factory.StartNew(() => Produce(input, source, maxLineBytes), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The events in order, on the caller's thread, with malformed lines reported in their place.</summary>
    public IEnumerable<AuditEvent> Events(string source, Action<MalformedInput> malformed)
    {
        var view = new EventView(_shape, new SlotTable(_shape.Count, 1));
        foreach (var block in _full.GetConsumingEnumerable())
        {
            for (var i = 0; i < block.Entries.Count; i++)
            {
                var entry = block.Entries[i];
                if (entry.Malformed is { } bad)
                {
                    malformed(bad);
                    continue;
                }
                var json = block.Bytes.AsMemory(entry.Offset, entry.Length);
                view.MoveTo(block.Slots, i, json);
                var e = new AuditEvent(json, source, entry.Line, view);
                yield return e;
                e.Release();
            }
            block.Reset();
            _free.Enqueue(block);
        }
        _failure?.Throw();
    }

    private void Produce(Stream input, string source, int maxLineBytes)
    {
        var producer = new Producer(this, source, maxLineBytes);
        try
        {
            using var lines = new Utf8LineReader(input, maxLineBytes) { BeforeRead = input.CanSeek ? null : producer.HandOver };
            while (lines.Next() is { } line)
            {
                _stop.Token.ThrowIfCancellationRequested();
                producer.Add(line);
            }
            producer.HandOver();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The caller stopped reading: nothing to hand over.
        }
#pragma warning disable CA1031 // Any read failure (I/O, a corrupt .gz) is rethrown on the caller's thread, after the events before it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            try
            {
                producer.HandOver();
            }
            catch (OperationCanceledException)
            {
            }
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    /// <summary>
    /// The reading side's state: the block being filled and a view writing into it. Per-line work is a method of its
    /// own so the runtime optimises it like any hot method, not only through the loop's on-stack replacement.
    /// </summary>
    private sealed class Producer(ScanAhead owner, string source, int maxLineBytes)
    {
        private EventBlock _block = owner.Take();
        private readonly EventView _view = new(owner._shape, new SlotTable(owner._shape.Count, 1));

        public void HandOver()
        {
            if (_block.Entries.Count > 0)
            {
                owner._full.Add(_block, owner._stop.Token);
                _block = owner.Take();
            }
        }

        public void Add(Utf8Line line)
        {
            var bytes = line.Text.Span;
            if (line.Oversized)
            {
                Place([]);
                _block.Entries.Add(new EventBlock.Entry(0, 0, line.Number, new MalformedInput(source, line.Number, $"a line of more than {maxLineBytes:N0} bytes is over the cap")));
                return;
            }
            if (bytes.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                return;
            }
            if (LogEnvelope.MayWrap(bytes) && LogEnvelope.TryUnwrap(bytes, out var wrapped))
            {
                foreach (var document in wrapped)
                {
                    AddDocument(document, line.Number);
                }
                return;
            }
            AddDocument(bytes, line.Number);
        }

        /// <summary>One document (an Event or an EventList) of the line, into the block.</summary>
        private void AddDocument(ReadOnlySpan<byte> bytes, int number)
        {
            var memory = Place(bytes);
            var list = AuditEventReader.Scan(_view, memory, source, number, out var bad);
            if (list is null)
            {
                _block.Entries.Add(new EventBlock.Entry(0, 0, number, bad));
            }
            else if (list == false)
            {
                _block.Entries.Add(new EventBlock.Entry(_block.Used, bytes.Length, number, null));
                _block.Used += bytes.Length;
            }
            else
            {
                // A batch: each item becomes an entry of its own, copied from the line (still in the reader's buffer).
                var itemsAt = _view.Start(EventShape.Items);
                foreach (var (start, length) in AuditEventReader.ItemPlaces(_view.RawValue(EventShape.Items)))
                {
                    var item = Place(bytes.Slice(itemsAt + start, length));
                    _view.Scan(item);
                    _block.Entries.Add(new EventBlock.Entry(_block.Used, length, number, null));
                    _block.Used += length;
                }
            }
        }

        /// <summary>Copies bytes into the block (a new one when this one is full) and points the view at the next entry.</summary>
        private ReadOnlyMemory<byte> Place(ReadOnlySpan<byte> bytes)
        {
            if (_block.Full || !_block.Fits(bytes.Length))
            {
                HandOver();
                _block.Fits(bytes.Length);
            }
            bytes.CopyTo(_block.Bytes.AsSpan(_block.Used));
            var memory = _block.Bytes.AsMemory(_block.Used, bytes.Length);
            _view.MoveTo(_block.Slots, _block.Entries.Count, memory);
            return memory;
        }
    }

    private EventBlock Take() => _free.TryDequeue(out var block) ? block : new EventBlock(_shape.Count);

    /// <summary>
    /// Stops the reader. One blocked on a stream that never answers (an idle pipe) is not waited for beyond a moment:
    /// it stops at its next hand-over.
    /// </summary>
    public void Dispose()
    {
        _stop.Cancel();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_reader.IsCompleted && waited.Elapsed < StopWait)
        {
            _full.TryTake(out _, 20);
        }
        if (_reader.IsCompleted)
        {
            _full.Dispose();
            _stop.Dispose();
        }
    }
}
