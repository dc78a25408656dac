using System.IO.Compression;
using System.Text.Json;
using Palisade.Images.Layers;

namespace Palisade.Images.Sources;

/// <summary>
/// A `docker save` archive (legacy layout with &lt;id&gt;/layer.tar, or Docker 25+ with OCI blobs), plain or gzipped.
/// Members are read in place from the archive; a gzipped archive is first inflated to a temporary file, since tar
/// members must be reachable by offset.
/// </summary>
public static class DockerArchive
{
    public static ImageContent Open(string path, Platform? platform = null)
    {
        var (stream, temporary) = Seekable(path);
        try
        {
            var members = TarIndex.Read(stream);
            if (!members.TryGetValue("manifest.json", out var manifestMember))
            {
                if (members.ContainsKey("index.json"))
                {
                    // An OCI archive (skopeo/buildah oci-archive:): a layout inside a tar.
                    var layout = OciLayout.Open(new TarBlobs(stream, members, path), path, null, null, platform ?? Platform.Default);
                    return layout with { Owner = new Cleanup(stream, temporary) };
                }
                throw new InvalidDataException($"{path}: neither manifest.json (docker-archive) nor index.json (OCI archive)");
            }
            using var manifest = JsonDocument.Parse(Read(stream, manifestMember));
            var image = manifest.RootElement.ValueKind == JsonValueKind.Array ? manifest.RootElement.EnumerateArray().FirstOrDefault() : default;
            if (image.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: manifest.json must be a list of images (found {Describe(manifest.RootElement)})");
            }
            var configName = Text(image, "Config", path) ?? throw new InvalidDataException($"{path}: manifest.json names no Config (a string) for its image");
            var config = Read(stream, Member(members, configName, path));
            using var configDocument = JsonDocument.Parse(config);
            if (configDocument.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{path}: {configName} is not an image configuration (found {Describe(configDocument.RootElement)})");
            }
            var diffIds = configDocument.RootElement.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object
                && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? Decode(i, "rootfs.diff_ids", path) : null).ToList()
                : [];
            var layerNames = image.TryGetProperty("Layers", out var layerList) && layerList.ValueKind == JsonValueKind.Array
                ? layerList.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? Decode(l, "Layers", path) : throw new InvalidDataException($"{path}: manifest.json Layers holds a {Describe(l)}, not a file name")).ToList()
                : throw new InvalidDataException($"{path}: manifest.json has no Layers list for its image");
            var layers = layerNames.Select((name, i) =>
            {
                var member = Member(members, name, path);
                // Docker 25+ stores layers as OCI blobs named by their digest.
                var blobDigest = name.StartsWith("blobs/sha256/", StringComparison.Ordinal) ? "sha256:" + name["blobs/sha256/".Length..] : null;
                // Layers are known by their diff id (what `docker inspect` shows), else by the archive member.
                var diffId = i < diffIds.Count ? diffIds[i] : null;
                return new LayerRef(diffId ?? name, () => new SubStream(stream, member.Offset, member.Size), blobDigest, diffId);
            }).ToList();
            var tags = image.TryGetProperty("RepoTags", out var repoTags) && repoTags.ValueKind == JsonValueKind.Array
                ? string.Join(", ", repoTags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => Decode(t, "RepoTags", path))) : "";
            return new ImageContent(tags.Length > 0 ? tags : path, config, layers) { Owner = new Cleanup(stream, temporary) };
        }
        catch
        {
            new Cleanup(stream, temporary).Dispose();
            throw;
        }
    }

    private static string? Text(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Decode(value, name, path) : null;

    /// <summary>A string value; text that is not valid UTF-8 is named as bad input, not left to fail later.</summary>
    private static string Decode(JsonElement value, string field, string path)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: manifest.json: {field} is not valid UTF-8");
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };

    private static TarIndex.Member Member(Dictionary<string, TarIndex.Member> members, string name, string path) =>
        members.GetValueOrDefault(TarIndex.Normalize(name)) ?? throw new InvalidDataException($"{path}: {name} is listed but not in the archive");

    private static byte[] Read(Stream stream, TarIndex.Member member)
    {
        if (member.Size > 16 * 1024 * 1024)
        {
            throw new InvalidDataException($"{member.Name} is too large for a manifest or config");
        }
        var buffer = new byte[member.Size];
        stream.Position = member.Offset;
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static (Stream Stream, string? Temporary) Seekable(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[2];
        var gzipped = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        if (!gzipped)
        {
            return (file, null);
        }
        var temporary = Path.Combine(Path.GetTempPath(), $"palisade-archive-{Guid.NewGuid():N}.tar");
        using (file)
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var output = File.Create(temporary))
        {
            gzip.CopyTo(output);
        }
        return (File.OpenRead(temporary), temporary);
    }

    private sealed class TarBlobs(Stream stream, Dictionary<string, TarIndex.Member> members, string path) : ILayoutBlobs
    {
        public byte[]? ReadIndex() => members.TryGetValue("index.json", out var index) ? Read(stream, index) : null;

        public (byte[] Content, string? MediaType) ReadManifest(string digest) => (ReadBlob(digest), null);

        public byte[] ReadBlob(string digest) => ManifestResolver.Verify(Read(stream, MemberOf(digest)), digest, path);

        public Stream OpenBlob(string digest)
        {
            var member = MemberOf(digest);
            return new SubStream(stream, member.Offset, member.Size);
        }

        private TarIndex.Member MemberOf(string digest) =>
            members.GetValueOrDefault("blobs/sha256/" + ManifestResolver.CheckDigest(digest, path)["sha256:".Length..])
            ?? throw new InvalidDataException($"{path}: blob {digest} is not in the archive");
    }

    private sealed class Cleanup(Stream stream, string? temporary) : IDisposable
    {
        public void Dispose()
        {
            stream.Dispose();
            if (temporary is not null && File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
