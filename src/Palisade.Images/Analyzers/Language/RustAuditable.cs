using System.IO.Compression;
using System.Text.Json;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>The dependency list `cargo auditable` embeds in Rust binaries: zlib-compressed JSON in the .dep-v0 section.</summary>
public static class RustAuditable
{
    private const int MaxJsonBytes = 8 * 1024 * 1024;

    public static IReadOnlyList<Package>? Read(ReadOnlyMemory<byte> binary, string path)
    {
        if (ElfSections.Find(binary, ".dep-v0") is not { } section)
        {
            return null;
        }
        using var input = new MemoryStream(section.ToArray(), writable: false);
        using var inflate = new ZLibStream(input, CompressionMode.Decompress);
        using var json = new MemoryStream();
        var buffer = new byte[16384];
        int read;
        while ((read = inflate.Read(buffer)) > 0)
        {
            if (json.Length + read > MaxJsonBytes)
            {
                throw new InvalidDataException("cargo auditable data expands beyond 8 MiB");
            }
            json.Write(buffer, 0, read);
        }
        using var document = JsonDocument.Parse(json.ToArray());
        var packages = new List<Package>();
        if (document.RootElement.TryGetProperty("packages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (item.TryGetProperty("name", out var name) && item.TryGetProperty("version", out var version)
                    && (!item.TryGetProperty("source", out var source) || source.GetString() is "crates.io" or "registry"))
                {
                    packages.Add(new Package("crates.io", name.GetString()!, version.GetString()!, path));
                }
            }
        }
        return packages;
    }
}
