using System.Buffers;
using System.Security.Cryptography;
using System.Collections.Concurrent;

namespace Palisade.Images.Layers;

/// <summary>
/// Computes the SHA-256 of everything read through it, to verify a digest without a second pass. The hashing runs
/// on another core, fed copies of what was read (a bounded queue, so memory stays small): verifying both the blob
/// and the diff id then costs the scan almost no wall time.
/// </summary>
internal sealed class HashingStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly HashWorker _worker;
    private readonly bool _ownsWorker;
    private const int BatchSize = 256 * 1024;
    private byte[] _batch = ArrayPool<byte>.Shared.Rent(BatchSize);
    private int _batched;

    /// <summary>Hashes on <paramref name="worker"/> (shared by the streams of one layer), or on a worker of its own.</summary>
    public HashingStream(Stream inner, HashWorker? worker = null)
    {
        _inner = inner;
        _ownsWorker = worker is null;
        _worker = worker ?? new HashWorker();
    }

    public long BytesRead { get; private set; }

    public string Digest()
    {
        Flush(final: true);
        _worker.WaitFor(_hash);
        return "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        var rest = buffer[..Math.Max(read, 0)];
        while (rest.Length > 0)
        {
            var take = Math.Min(rest.Length, BatchSize - _batched);
            rest[..take].CopyTo(_batch.AsSpan(_batched));
            _batched += take;
            rest = rest[take..];
            if (_batched == BatchSize)
            {
                Flush(final: false);
            }
        }
        BytesRead += Math.Max(read, 0);
        return read;
    }

    /// <summary>Hands the filled batch to the hashing task (waiting if it is behind, so memory stays bounded).</summary>
    private void Flush(bool final)
    {
        if (_batched > 0)
        {
            _worker.Post(_hash, _batch, _batched);
            _batch = final ? [] : ArrayPool<byte>.Shared.Rent(BatchSize);
            _batched = 0;
        }
    }

    /// <summary>
    /// Reads what is left (a tar's padding after its last member) so the digest covers the whole blob; false when
    /// more than <paramref name="limit"/> bytes in all would have to be read (data hidden after the archive).
    /// </summary>
    public bool Drain(long limit = long.MaxValue)
    {
        var buffer = new byte[81920];
        while (Read(buffer, 0, buffer.Length) > 0)
        {
            if (BytesRead > limit)
            {
                return false;
            }
        }
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _batched = 0;
            if (_ownsWorker)
            {
                _worker.Dispose();
            }
            else
            {
                _worker.WaitFor(_hash);
            }
            _inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// One background thread that hashes batches for the streams of a layer, in the order they were posted, through a
/// bounded queue (so a slow hash slows the reader instead of filling memory). The layer pass reads synchronously,
/// so this is plain thread hand-off: a blocking queue and events, no tasks waited on synchronously.
/// </summary>
internal sealed class HashWorker : IDisposable
{
    private readonly BlockingCollection<(IncrementalHash Hash, byte[] Buffer, int Length, ManualResetEventSlim? Marker)> _pending = new(boundedCapacity: 32);
    private readonly Thread _hashing;

    public HashWorker()
    {
        _hashing = new Thread(Hash) { IsBackground = true, Name = "palisade-layer-hash" };
        _hashing.Start();
    }

    private void Hash()
    {
        foreach (var (hash, buffer, length, marker) in _pending.GetConsumingEnumerable())
        {
            if (marker is not null)
            {
                marker.Set();
                continue;
            }
            hash.AppendData(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Post(IncrementalHash hash, byte[] buffer, int length) => Write((hash, buffer, length, null));

    /// <summary>Returns once everything posted so far (for any hash) has been hashed.</summary>
    public void WaitFor(IncrementalHash hash)
    {
        using var marker = new ManualResetEventSlim();
        if (Write((hash, [], 0, marker)))
        {
            marker.Wait();
        }
    }

    private bool Write((IncrementalHash, byte[], int, ManualResetEventSlim?) item)
    {
        try
        {
            _pending.Add(item);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // completed: the worker is being disposed
        }
    }

    public void Dispose()
    {
        _pending.CompleteAdding();
        _hashing.Join();
        _pending.Dispose();
    }
}
