using System.Security.Cryptography;
using System.Text.Json;
using Palisade.Images.Layers;

namespace Palisade.Images.Sources;

/// <summary>
/// Follows an OCI index or Docker manifest list to the manifest for the requested platform, then reads the config
/// and lists the layers with the digests they must verify against. Shared by layouts, archives and registries.
/// </summary>
public static class ManifestResolver
{
    public const long MaxMetadataBytes = 4 * 1024 * 1024;
    private const int MaxDepth = 4;

    public static readonly IReadOnlySet<string> IndexTypes = new HashSet<string> { "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json" };
    public static readonly IReadOnlySet<string> ManifestTypes = new HashSet<string> { "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json" };
    private static readonly HashSet<string> LayerTypes =
    [
        "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.oci.image.layer.v1.tar+zstd",
        "application/vnd.docker.image.rootfs.diff.tar.gzip", "application/vnd.docker.image.rootfs.diff.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
    ];

    public static ImageContent Resolve(IBlobSource source, string digest, string? mediaType, Platform platform, string reference, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"{reference}: indexes nested deeper than {MaxDepth}");
        }
        if (mediaType is { Length: > 0 } declared && !IndexTypes.Contains(declared) && !ManifestTypes.Contains(declared))
        {
            throw new InvalidDataException($"{reference}: unsupported media type '{declared}' for {digest} (not an image manifest)");
        }
        var (content, knownType) = source.ReadManifest(digest);
        using var document = Parse(content, $"{reference}: manifest {digest}");
        var root = document.RootElement;
        var type = Text(root, "mediaType") ?? knownType ?? mediaType ?? (root.TryGetProperty("manifests", out _) ? "application/vnd.oci.image.index.v1+json" : "application/vnd.oci.image.manifest.v1+json");
        if (IndexTypes.Contains(type))
        {
            var entries = root.TryGetProperty("manifests", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList() : [];
            var withPlatform = entries.Where(e => e.TryGetProperty("platform", out _)).ToList();
            var match = withPlatform.FirstOrDefault(e => platform.Matches(Text(e.GetProperty("platform"), "os"), Text(e.GetProperty("platform"), "architecture"), Text(e.GetProperty("platform"), "variant")));
            if (match.ValueKind != JsonValueKind.Object)
            {
                if (withPlatform.Count > 0 || entries.Count == 0)
                {
                    var offered = string.Join(", ", withPlatform.Select(e => $"{Text(e.GetProperty("platform"), "os")}/{Text(e.GetProperty("platform"), "architecture")}{(Text(e.GetProperty("platform"), "variant") is { } v ? "/" + v : "")}").Distinct());
                    throw new ImageSourceException($"{reference}: no image for platform {platform} (offered: {(offered.Length == 0 ? "none" : offered)}); use --platform");
                }
                match = entries[0]; // nested indexes without platforms (layouts) lead further down
            }
            return Resolve(source, Digest(match, reference), Text(match, "mediaType"), platform, reference, depth + 1);
        }
        if (!ManifestTypes.Contains(type))
        {
            throw new InvalidDataException($"{reference}: unsupported media type '{type}' for {digest} (not an image manifest)");
        }
        var config = root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : throw new InvalidDataException($"{reference}: manifest {digest} has no config");
        var configBytes = source.ReadBlob(Digest(config, reference));
        using var configDocument = Parse(configBytes, $"{reference}: config");
        var diffIds = configDocument.RootElement.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object
            && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString() : null).ToList() : [];
        var layerDescriptors = root.TryGetProperty("layers", out var l) && l.ValueKind == JsonValueKind.Array ? l.EnumerateArray().ToList() : [];
        if (diffIds.Count > 0 && diffIds.Count != layerDescriptors.Count)
        {
            throw new InvalidDataException($"{reference}: the manifest lists {layerDescriptors.Count} layers but the config {diffIds.Count} diff ids");
        }
        var layers = layerDescriptors.Select((layer, i) =>
        {
            var layerDigest = Digest(layer, reference);
            var layerType = Text(layer, "mediaType") ?? "";
            if (!LayerTypes.Contains(layerType))
            {
                throw new InvalidDataException($"{reference}: layer {i + 1} has unknown media type '{layerType}'");
            }
            return new LayerRef(layerDigest, () => source.OpenBlob(layerDigest), layerDigest, i < diffIds.Count ? diffIds[i] : null);
        }).ToList();
        return new ImageContent(reference, configBytes, layers);
    }

    /// <summary>A sha256 digest in canonical form; anything else is refused so that a digest can never name a path.</summary>
    public static string CheckDigest(string? digest, string context)
    {
        var parts = (digest ?? "").Split(':');
        return parts.Length == 2 && parts[0] == "sha256" && parts[1].Length == 64 && parts[1].All(char.IsAsciiHexDigitLower)
            ? digest! : throw new InvalidDataException($"{context}: '{digest}' is not a sha256 digest");
    }

    public static byte[] Verify(byte[] content, string digest, string context)
    {
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        return actual == digest ? content : throw new InvalidDataException($"{context}: content of {digest} has digest {actual}");
    }

    private static string Digest(JsonElement descriptor, string reference) => CheckDigest(Text(descriptor, "digest"), reference);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument Parse(byte[] content, string context)
    {
        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{context} is not valid JSON ({ex.Message})");
        }
    }
}
