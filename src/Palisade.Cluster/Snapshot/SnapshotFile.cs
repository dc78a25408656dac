using System.Text.Json;
using ZstdSharp;

namespace Palisade.Cluster.Snapshot;

/// <summary>Snapshots on disk: zstd-compressed JSON, read back with size caps and a format check.</summary>
public static class SnapshotFile
{
    private const long MaxExpandedBytes = 4L * 1024 * 1024 * 1024;

    public static async Task WriteAsync(ClusterSnapshot snapshot, string path, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        await using (var file = File.Create(partial))
        await using (var compressor = new CompressionStream(file, level: 6))
        {
            await JsonSerializer.SerializeAsync(compressor, snapshot, SnapshotJson.Default.ClusterSnapshot, cancellationToken).ConfigureAwait(false);
        }
        File.Move(partial, path, overwrite: true);
    }

    public static async Task<ClusterSnapshot> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such snapshot");
        }
        try
        {
            await using var file = File.OpenRead(path);
            await using var decompressor = new DecompressionStream(file);
            await using var capped = new CappedStream(decompressor, MaxExpandedBytes);
            var snapshot = await JsonSerializer.DeserializeAsync(capped, SnapshotJson.Default.ClusterSnapshot, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{path}: empty snapshot");
            return snapshot.Format == ClusterSnapshot.CurrentFormat ? snapshot
                : throw new InvalidDataException($"{path}: snapshot format {snapshot.Format}, this Palisade reads format {ClusterSnapshot.CurrentFormat}");
        }
        catch (Exception ex) when (ex is JsonException or ZstdException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a Palisade cluster snapshot ({ex.Message})", ex);
        }
    }

    private sealed class CappedStream(Stream inner, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        private int Count(int read)
        {
            _read += read;
            return _read > cap ? throw new InvalidDataException($"snapshot expands beyond {cap} bytes") : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
