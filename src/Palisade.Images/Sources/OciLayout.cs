using System.Text.Json;
using Palisade.Images.Layers;

namespace Palisade.Images.Sources;

/// <summary>
/// An OCI image layout directory (index.json and blobs/), with the image chosen by tag (its ref.name annotation) or
/// digest; nested indexes and Docker manifest lists are followed to the platform asked for (default linux/amd64).
/// Every blob read is checked against its digest.
/// </summary>
public static class OciLayout
{
    public static ImageContent Open(string directory, string? tag = null, string? digest = null, Platform? platform = null) =>
        Open(new DirectoryBlobs(directory), directory, tag, digest, platform ?? Platform.Default);

    /// <summary>A layout in any blob store (a directory, or the members of an OCI archive tar).</summary>
    internal static ImageContent Open(ILayoutBlobs blobs, string name, string? tag, string? digest, Platform platform)
    {
        var indexBytes = blobs.ReadIndex() ?? throw new InvalidDataException($"{name}: no index.json file; not an OCI image layout");
        JsonDocument index;
        try
        {
            index = JsonDocument.Parse(indexBytes);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name}/index.json: not valid JSON ({ex.Message})");
        }
        using (index)
        {
            var descriptors = index.RootElement.ValueKind == JsonValueKind.Object && index.RootElement.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object).ToList() : [];
            if (descriptors.Count == 0)
            {
                throw new InvalidDataException($"{name}/index.json: lists no manifests");
            }
            var chosen = tag is not null ? descriptors.FirstOrDefault(d => RefName(d) == tag)
                : digest is not null ? descriptors.FirstOrDefault(d => Text(d, "digest") == digest)
                : descriptors[0];
            if (chosen.ValueKind == JsonValueKind.Undefined)
            {
                throw new InvalidDataException($"{name}: no image {(tag is not null ? $"tagged {tag}" : digest)} (known: {string.Join(", ", descriptors.Select(RefName).Where(n => n is not null))})");
            }
            var reference = $"{name}{(tag is null ? "" : ":" + tag)}";
            return ManifestResolver.Resolve(blobs, ManifestResolver.CheckDigest(Text(chosen, "digest"), name), Text(chosen, "mediaType"), platform, reference);
        }
    }

    private static string? RefName(JsonElement descriptor) =>
        descriptor.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("org.opencontainers.image.ref.name", out var n) ? n.GetString() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A layout's index.json and blobs/sha256/… wherever they are stored.</summary>
internal interface ILayoutBlobs : IBlobSource
{
    byte[]? ReadIndex();
}

internal sealed class DirectoryBlobs(string directory) : ILayoutBlobs
{
    public byte[]? ReadIndex()
    {
        var path = Path.Combine(directory, "index.json");
        return File.Exists(path) ? Capped(path) : null;
    }

    public (byte[] Content, string? MediaType) ReadManifest(string digest) => (ReadBlob(digest), null);

    public byte[] ReadBlob(string digest) => ManifestResolver.Verify(Capped(PathOf(digest)), digest, directory);

    public Stream OpenBlob(string digest) => File.OpenRead(PathOf(digest));

    private string PathOf(string digest)
    {
        var hex = ManifestResolver.CheckDigest(digest, directory)["sha256:".Length..];
        var path = Path.Combine(directory, "blobs", "sha256", hex);
        return File.Exists(path) ? path : throw new InvalidDataException($"{directory}: blob {digest} is missing");
    }

    /// <summary>
    /// Reads at most the metadata cap, counting what is read rather than trusting the length the file claims
    /// (a device has none).
    /// </summary>
    private static byte[] Capped(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > ManifestResolver.MaxMetadataBytes)
            {
                throw new InvalidDataException($"{path} is larger than {ManifestResolver.MaxMetadataBytes:N0} bytes, too large for image metadata");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
