using System.Text.Json;
using ZstdSharp;

namespace Palisade.Cluster.Snapshot;

/// <summary>Snapshots on disk: zstd-compressed JSON, read back with size caps and a format check.</summary>
public static class SnapshotFile
{
    private const long MaxExpandedBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>The largest single value (an object's JSON) a snapshot may hold; a 5,000-pod cluster's largest is a few MB.</summary>
    private const int MaxValueBytes = 64 * 1024 * 1024;

    public static async Task WriteAsync(ClusterSnapshot snapshot, string path, CancellationToken cancellationToken)
    {
        var partial = path + ".partial";
        await using (var file = File.Create(partial))
        await using (var compressor = new CompressionStream(file, level: 6))
        {
            // Whatever format it was read from, it is written in the current one.
            await JsonSerializer.SerializeAsync(compressor, snapshot with { Format = ClusterSnapshot.CurrentFormat }, SnapshotJson.Default.ClusterSnapshot, cancellationToken).ConfigureAwait(false);
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
            await CheckValueSizesAsync(path, cancellationToken).ConfigureAwait(false);
            await using var file = File.OpenRead(path);
            await using var decompressor = new DecompressionStream(file);
            await using var capped = new CappedStream(decompressor, MaxExpandedBytes);
            var snapshot = await JsonSerializer.DeserializeAsync(capped, SnapshotJson.Default.ClusterSnapshot, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{path}: empty snapshot");
            return snapshot.Format is 1 or ClusterSnapshot.CurrentFormat ? Normalized(snapshot, path)
                : throw new InvalidDataException($"{path}: snapshot format {snapshot.Format}, this Palisade reads formats 1 and {ClusterSnapshot.CurrentFormat}");
        }
        catch (Exception ex) when (ex is JsonException or ZstdException or NotSupportedException)
        {
            throw new InvalidDataException($"{path}: not a Palisade cluster snapshot ({ex.Message})", ex);
        }
    }

    /// <summary>
    /// Tokenizes the snapshot once as it decompresses, so a single oversized value (a 1 GB string in a 41 KB file) is
    /// refused with memory bounded by the value cap, before the deserializer would buffer all of it.
    /// </summary>
    private static async Task CheckValueSizesAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var decompressor = new DecompressionStream(file);
        await using var capped = new CappedStream(decompressor, MaxExpandedBytes);
        var buffer = new byte[1 << 20];
        var length = 0;
        var state = new JsonReaderState(new JsonReaderOptions { MaxDepth = 64 });
        var final = false;
        while (!final)
        {
            var read = await capped.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            final = read == 0;
            length += read;
            var consumed = Tokenize(buffer.AsSpan(0, length), final, ref state);
            buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
            length -= consumed;
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxValueBytes)
                {
                    throw new InvalidDataException($"a value in the snapshot is larger than {MaxValueBytes:N0} bytes");
                }
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    private static int Tokenize(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
        {
        }
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    /// <summary>Lists the snapshot leaves out (null in the file) become empty, each resource without items a named problem.</summary>
    private static ClusterSnapshot Normalized(ClusterSnapshot snapshot, string path)
    {
        var problems = new List<CollectionProblem>((snapshot.Problems ?? []).Where(p => p?.Resource is not null && p.Message is not null));
        var resources = new List<ResourceItems>();
        var index = 0;
        foreach (var resource in snapshot.Resources ?? [])
        {
            index++;
            if (resource?.Items is null || resource.Resource is null)
            {
                problems.Add(new CollectionProblem(resource?.Resource ?? $"{path} resources[{index - 1}]", "the snapshot has no items list for this resource; skipped", false));
                continue;
            }
            resources.Add(resource with { Kind = resource.Kind ?? "", Items = [.. resource.Items.Select(FromFormat1)] });
        }
        return snapshot with
        {
            Server = snapshot.Server ?? "",
            Version = snapshot.Version?.GitVersion is null ? null : snapshot.Version,
            Context = snapshot.Context ?? "",
            Resources = resources,
            Problems = problems,
            Anonymous = [.. (snapshot.Anonymous ?? []).Where(a => a?.Path is not null)],
        };
    }

    /// <summary>Format 1 kept each object as JSON text: read once here. An item that does not parse is left for the scan to name.</summary>
    private static JsonElement FromFormat1(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.String)
        {
            return item;
        }
        try
        {
            using var document = JsonDocument.Parse(item.GetString()!, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return item;
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
