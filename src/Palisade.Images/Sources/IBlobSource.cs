namespace Palisade.Images.Sources;

/// <summary>
/// Where an image's manifests and blobs come from (a layout directory, an archive, a registry). Small documents are
/// read whole, capped and digest-checked; layers are opened as streams that the layer reader verifies.
/// </summary>
public interface IBlobSource
{
    /// <summary>A manifest or index by digest, with its media type when the source knows it.</summary>
    (byte[] Content, string? MediaType) ReadManifest(string digest);

    /// <summary>A small blob (an image config), checked against its digest.</summary>
    byte[] ReadBlob(string digest);

    /// <summary>Opens a layer blob for one sequential read.</summary>
    Stream OpenBlob(string digest);
}
