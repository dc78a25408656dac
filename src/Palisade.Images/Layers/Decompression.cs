using System.IO.Compression;

namespace Palisade.Images.Layers;

/// <summary>Opens a layer blob whatever its compression (gzip, zstd or none), recognised by its first bytes.</summary>
public static class Decompression
{
    public static Stream Open(Stream blob)
    {
        var buffered = new BufferedStream(blob, 64 * 1024);
        Span<byte> magic = stackalloc byte[4];
        var peek = new PeekStream(buffered);
        var read = peek.Peek(magic);
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(peek, CompressionMode.Decompress);
        }
        if (read >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        {
            return new ZstdSharp.DecompressionStream(peek);
        }
        return peek;
    }

    /// <summary>A stream whose first bytes can be looked at before reading.</summary>
    private sealed class PeekStream(Stream inner) : ReadOnlyStream
    {
        private byte[] _peeked = [];
        private int _peekPosition;

        public int Peek(Span<byte> buffer)
        {
            var read = inner.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            _peeked = buffer[..read].ToArray();
            return read;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_peekPosition < _peeked.Length)
            {
                var n = Math.Min(count, _peeked.Length - _peekPosition);
                Array.Copy(_peeked, _peekPosition, buffer, offset, n);
                _peekPosition += n;
                return n;
            }
            return inner.Read(buffer, offset, count);
        }


        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
