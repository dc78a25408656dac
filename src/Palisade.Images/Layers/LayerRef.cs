namespace Palisade.Images.Layers;

/// <summary>
/// One layer of an image: how to open its (possibly compressed) blob, and the digests that must verify: the blob's
/// own digest (OCI) and the digest of its uncompressed tar (the config's diff_id).
/// </summary>
public sealed record LayerRef(string Id, Func<Stream> Open, string? BlobDigest, string? DiffId);

/// <summary>An image's config (JSON bytes) and its layers, bottom first.</summary>
public sealed record ImageContent(string Reference, byte[] Config, IReadOnlyList<LayerRef> Layers) : IDisposable
{
    public IDisposable? Owner { get; init; }

    public void Dispose() => Owner?.Dispose();
}
