using System.Security.Cryptography;
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
    private const int MaxDepth = 4;
    private const long MaxMetadataBytes = 4 * 1024 * 1024;
    private static readonly HashSet<string> Indexes = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
    private static readonly HashSet<string> Manifests = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

    public static ImageContent Open(string directory, string? tag = null, string? digest = null, string platform = "linux/amd64")
    {
        var indexPath = Path.Combine(directory, "index.json");
        if (!File.Exists(indexPath))
        {
            throw new InvalidDataException($"{directory}: no index.json file; not an OCI image layout");
        }
        JsonDocument index;
        try
        {
            index = JsonDocument.Parse(ReadCapped(indexPath));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{indexPath}: not valid JSON ({ex.Message})");
        }
        using (index)
        {
            var descriptors = index.RootElement.ValueKind == JsonValueKind.Object && index.RootElement.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array
                ? m.EnumerateArray().ToList() : [];
            if (descriptors.Count == 0)
            {
                throw new InvalidDataException($"{indexPath}: lists no manifests");
            }
            var chosen = tag is not null ? descriptors.FirstOrDefault(d => RefName(d) == tag)
                : digest is not null ? descriptors.FirstOrDefault(d => d.GetProperty("digest").GetString() == digest)
                : descriptors[0];
            if (chosen.ValueKind == JsonValueKind.Undefined)
            {
                throw new InvalidDataException($"{directory}: no image {(tag is not null ? $"tagged {tag}" : digest)} (known: {string.Join(", ", descriptors.Select(RefName).Where(n => n is not null))})");
            }
            var reference = $"{directory}{(tag is null ? "" : ":" + tag)}";
            return Resolve(directory, chosen, platform, reference, 0);
        }
    }

    private static ImageContent Resolve(string directory, JsonElement descriptor, string platform, string reference, int depth)
    {
        var mediaType = descriptor.TryGetProperty("mediaType", out var t) ? t.GetString() ?? "" : "";
        var digest = descriptor.GetProperty("digest").GetString() ?? "";
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"{directory}: indexes nested deeper than {MaxDepth}");
        }
        if (Indexes.Contains(mediaType))
        {
            using var nested = JsonDocument.Parse(ReadBlob(directory, digest));
            var entries = nested.RootElement.GetProperty("manifests").EnumerateArray().ToList();
            var match = entries.FirstOrDefault(e => PlatformOf(e) == platform);
            var next = match.ValueKind == JsonValueKind.Object ? match : entries.FirstOrDefault();
            if (next.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{directory}: index {digest} lists no manifests");
            }
            return Resolve(directory, next.Clone(), platform, reference, depth + 1);
        }
        if (!Manifests.Contains(mediaType))
        {
            throw new InvalidDataException($"{directory}: unsupported media type '{mediaType}' for {digest}");
        }
        using var manifest = JsonDocument.Parse(ReadBlob(directory, digest));
        var configDigest = manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        var config = ReadBlob(directory, configDigest);
        using var configDocument = JsonDocument.Parse(config);
        var diffIds = configDocument.RootElement.TryGetProperty("rootfs", out var rootfs) && rootfs.TryGetProperty("diff_ids", out var ids)
            ? ids.EnumerateArray().Select(i => i.GetString()).ToList() : [];
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().Select((layer, i) =>
        {
            var layerDigest = layer.GetProperty("digest").GetString()!;
            var path = BlobPath(directory, layerDigest);
            return new LayerRef(layerDigest, () => File.OpenRead(path), layerDigest, i < diffIds.Count ? diffIds[i] : null);
        }).ToList();
        return new ImageContent(reference, config, layers);
    }

    private static string? RefName(JsonElement descriptor) =>
        descriptor.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var n) ? n.GetString() : null;

    private static string? PlatformOf(JsonElement descriptor) =>
        descriptor.TryGetProperty("platform", out var p) ? $"{p.GetProperty("os").GetString()}/{p.GetProperty("architecture").GetString()}" : null;

    /// <summary>blobs/&lt;algorithm&gt;/&lt;hex&gt;; anything else in a digest is refused, so a digest cannot name a path.</summary>
    private static string BlobPath(string directory, string digest)
    {
        var parts = digest.Split(':');
        if (parts.Length != 2 || parts[0] != "sha256" || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            throw new InvalidDataException($"{directory}: '{digest}' is not a sha256 digest");
        }
        var path = Path.Combine(directory, "blobs", parts[0], parts[1]);
        return File.Exists(path) ? path : throw new InvalidDataException($"{directory}: blob {digest} is missing");
    }

    private static byte[] ReadBlob(string directory, string digest)
    {
        var content = ReadCapped(BlobPath(directory, digest));
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == digest ? content : throw new InvalidDataException($"{directory}: blob {digest} has digest {actual}");
    }

    private static byte[] ReadCapped(string path)
    {
        var info = new FileInfo(path);
        return info.Length <= MaxMetadataBytes ? File.ReadAllBytes(path) : throw new InvalidDataException($"{path} is too large for image metadata");
    }
}
