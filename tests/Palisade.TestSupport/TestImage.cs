using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Palisade.TestSupport;

/// <summary>One file (or whiteout, link, directory) in a test layer.</summary>
public sealed record LayerEntry(string Path, byte[]? Content = null, UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)
{
    public string? SymlinkTo { get; init; }
    public bool Directory { get; init; }

    public static LayerEntry Text(string path, string content, UnixFileMode? mode = null) =>
        new(path, Encoding.UTF8.GetBytes(content), mode ?? (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead));

    public static LayerEntry Whiteout(string path) =>
        new($"{System.IO.Path.GetDirectoryName(path)!.Replace('\\', '/')}/.wh.{System.IO.Path.GetFileName(path)}".TrimStart('/'), []);
}

/// <summary>
/// Builds real OCI image layouts for tests, from layers described in code: gzip'ed tars with correct digests and
/// diff ids, a config with history, an index. What a test needs to break (digests, footers) it breaks afterwards.
/// </summary>
public static class TestImage
{
    public sealed record Built(string Directory, string ManifestDigest, IReadOnlyList<string> LayerDigests, byte[] Manifest, byte[] Config, IReadOnlyList<byte[]> LayerBlobs);

    public static byte[] LayerTar(IEnumerable<LayerEntry> entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                PaxTarEntry item = entry.SymlinkTo is not null
                    ? new PaxTarEntry(TarEntryType.SymbolicLink, entry.Path) { LinkName = entry.SymlinkTo }
                    : entry.Directory
                        ? new PaxTarEntry(TarEntryType.Directory, entry.Path)
                        : new PaxTarEntry(TarEntryType.RegularFile, entry.Path) { DataStream = new MemoryStream(entry.Content ?? []) };
                item.Mode = entry.Mode | (entry.Directory ? UnixFileMode.UserExecute : UnixFileMode.None);
                writer.WriteEntry(item);
            }
        }
        return tar.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Writes an OCI layout with one image tagged <paramref name="tag"/>; history has one "RUN" per layer.</summary>
    public static Built Layout(string directory, IReadOnlyList<IReadOnlyList<LayerEntry>> layers, string tag = "latest", Action<Dictionary<string, object>>? configure = null,
        IReadOnlyList<string>? history = null)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "blobs", "sha256"));
        var tars = layers.Select(LayerTar).ToList();
        var blobs = tars.Select(Gzip).ToList();
        var containerConfig = new Dictionary<string, object> { ["User"] = "10001", ["Env"] = new[] { "PATH=/usr/bin" } };
        configure?.Invoke(containerConfig);
        var steps = history ?? [.. layers.Select((_, i) => $"/bin/sh -c build step {i + 1}")];
        var config = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["config"] = containerConfig,
            ["rootfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diff_ids"] = tars.Select(Digest).ToArray() },
            // Docker writes metadata-only steps as "#(nop)  CMD …" (two spaces) with empty_layer set.
            ["history"] = steps.Select(s => new Dictionary<string, object> { ["created_by"] = s, ["empty_layer"] = s.Contains("#(nop)  ", StringComparison.Ordinal) }).ToArray(),
        });
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", config),
            ["layers"] = blobs.Select(b => Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", b)).ToArray(),
        });
        foreach (var blob in blobs.Append(config).Append(manifest))
        {
            File.WriteAllBytes(BlobPath(directory, Digest(blob)), blob);
        }
        var manifestDescriptor = Descriptor("application/vnd.oci.image.manifest.v1+json", manifest);
        manifestDescriptor["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = tag };
        manifestDescriptor["platform"] = new Dictionary<string, string> { ["os"] = "linux", ["architecture"] = "amd64" };
        File.WriteAllBytes(Path.Combine(directory, "index.json"), JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["schemaVersion"] = 2,
            ["manifests"] = new[] { manifestDescriptor },
        }));
        File.WriteAllText(Path.Combine(directory, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        return new Built(directory, Digest(manifest), [.. blobs.Select(Digest)], manifest, config, blobs);
    }

    public static string BlobPath(string directory, string digest) => Path.Combine(directory, "blobs", "sha256", digest["sha256:".Length..]);

    private static Dictionary<string, object> Descriptor(string mediaType, byte[] content) =>
        new() { ["mediaType"] = mediaType, ["digest"] = Digest(content), ["size"] = content.Length };

    /// <summary>
    /// A minimal ELF64 file with the given sections (name → bytes), enough for readers that look sections up by
    /// name. It is data only: it has no program headers and could not run.
    /// </summary>
    public static byte[] Elf(params (string Name, byte[] Content)[] sections)
    {
        var names = new MemoryStream();
        names.WriteByte(0);
        var nameOffsets = new List<int>();
        foreach (var (name, _) in sections.Append((".shstrtab", [])))
        {
            nameOffsets.Add((int)names.Length);
            names.Write(Encoding.ASCII.GetBytes(name + "\0"));
        }
        var body = new MemoryStream();
        body.Write(new byte[64]);
        var placed = new List<(long Offset, long Size)>();
        foreach (var (_, content) in sections)
        {
            placed.Add((body.Length, content.Length));
            body.Write(content);
        }
        placed.Add((body.Length, names.Length));
        body.Write(names.ToArray());
        while (body.Length % 8 != 0)
        {
            body.WriteByte(0);
        }
        var sectionTable = body.Length;
        var count = sections.Length + 2;
        body.Write(new byte[64]); // section 0 is null
        for (var i = 0; i < placed.Count; i++)
        {
            var header = new byte[64];
            BitConverter.GetBytes(nameOffsets[i]).CopyTo(header, 0);
            BitConverter.GetBytes(1).CopyTo(header, 4);
            BitConverter.GetBytes(placed[i].Offset).CopyTo(header, 0x18);
            BitConverter.GetBytes(placed[i].Size).CopyTo(header, 0x20);
            body.Write(header);
        }
        var elf = body.ToArray();
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(elf, 0);
        BitConverter.GetBytes((ushort)2).CopyTo(elf, 0x10);
        BitConverter.GetBytes((ushort)0x3E).CopyTo(elf, 0x12);
        BitConverter.GetBytes(sectionTable).CopyTo(elf, 0x28);
        BitConverter.GetBytes((ushort)64).CopyTo(elf, 0x34);
        BitConverter.GetBytes((ushort)64).CopyTo(elf, 0x3A);
        BitConverter.GetBytes((ushort)count).CopyTo(elf, 0x3C);
        BitConverter.GetBytes((ushort)(count - 1)).CopyTo(elf, 0x3E);
        return elf;
    }

    /// <summary>Go 1.18+ build info: the 32-byte header, then the version and module strings with varint lengths.</summary>
    public static byte[] GoBuildInfo(string goVersion, string modinfo)
    {
        var data = new MemoryStream();
        var header = new byte[32];
        new byte[] { 0xFF }.Concat(Encoding.ASCII.GetBytes(" Go buildinf:")).ToArray().CopyTo(header, 0);
        header[14] = 8;
        header[15] = 2;
        data.Write(header);
        var sentinel = new string('0', 16);
        foreach (var text in new[] { goVersion, sentinel + modinfo + sentinel })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var length = (ulong)bytes.Length;
            while (length >= 0x80)
            {
                data.WriteByte((byte)(length | 0x80));
                length >>= 7;
            }
            data.WriteByte((byte)length);
            data.Write(bytes);
        }
        return data.ToArray();
    }
}
