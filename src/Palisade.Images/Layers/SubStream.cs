namespace Palisade.Images.Layers;

/// <summary>A read-only window onto part of a seekable stream (a tar member), without copying it.</summary>
internal sealed class SubStream(Stream inner, long offset, long length) : ReadOnlyStream
{
    private long _position;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset1, int count)
    {
        var remaining = length - _position;
        if (remaining <= 0)
        {
            return 0;
        }
        inner.Position = offset + _position;
        var read = inner.Read(buffer, offset1, (int)Math.Min(count, remaining));
        _position += read;
        return read;
    }
}
