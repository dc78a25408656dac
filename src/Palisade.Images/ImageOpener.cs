using Palisade.Images.Checks;
using Palisade.Images.Filesystem;
using Palisade.Images.Layers;
using Palisade.Images.Packages;
using Palisade.Images.Sources;

namespace Palisade.Images;

/// <summary>
/// Opens what `palisade scan image REF` names: an OCI layout directory (with :tag or @digest), a docker-archive or
/// OCI archive file, or an unpacked root filesystem directory.
/// </summary>
public static class ImageOpener
{
    public sealed record Opened(ImageInventory Inventory, ImageConfig? Config);

    public static Opened Open(string reference)
    {
        var (path, tag, digest) = Split(reference);
        if (Directory.Exists(path) && (Path.Exists(Path.Combine(path, "index.json")) || Directory.Exists(Path.Combine(path, "blobs"))))
        {
            using var layout = OciLayout.Open(path, tag, digest);
            return Analyse(layout);
        }
        if (File.Exists(path))
        {
            using var archive = DockerArchive.Open(path);
            return Analyse(archive);
        }
        if (Directory.Exists(path))
        {
            return new Opened(ImageAnalysis.Inventory(path, new DirectoryTree(path), []), null);
        }
        throw new FileNotFoundException($"'{reference}' is not an image layout, archive or root filesystem here (registry references are not supported yet)");
    }

    private static Opened Analyse(ImageContent image) => new(ImageAnalysis.Inventory(image), ImageConfig.Parse(image.Config));

    /// <summary>"layout:tag" and "layout@sha256:…" select an image inside a layout; a plain path is taken as it is.</summary>
    private static (string Path, string? Tag, string? Digest) Split(string reference)
    {
        if (Path.Exists(reference))
        {
            return (reference, null, null);
        }
        var at = reference.LastIndexOf('@');
        if (at > 0 && Path.Exists(reference[..at]))
        {
            return (reference[..at], null, reference[(at + 1)..]);
        }
        var colon = reference.LastIndexOf(':');
        return colon > 0 && Path.Exists(reference[..colon]) ? (reference[..colon], reference[(colon + 1)..], null) : (reference, null, null);
    }
}
