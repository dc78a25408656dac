using System.Security.Cryptography;

namespace Palisade.Images.Layers;

/// <summary>Computes the SHA-256 of everything read through it, to verify a digest without a second pass.</summary>
internal sealed class HashingStream(Stream inner) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public string Digest() => "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _hash.AppendData(buffer, offset, read);
        BytesRead += read;
        return read;
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
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}
