using Palisade.Core.Findings;
using Palisade.Images.Checks;
using Palisade.Images.Filesystem;
using Palisade.Images.Layers;
using Palisade.Images.Packages;
using Palisade.Images.Sources;
using Palisade.Images.Sources.Registry;

namespace Palisade.Images;

/// <summary>
/// Opens what `palisade scan image REF` names, all through one path: an OCI layout directory (with :tag or @digest),
/// a docker-archive or OCI archive file, an unpacked root filesystem directory, or a registry reference.
/// </summary>
public static class ImageOpener
{
    public sealed record Opened(ImageInventory Inventory, ImageConfig? Config)
    {
        public IReadOnlyList<Finding> SecretFindings { get; init; } = [];
        public IReadOnlyList<Finding> FileFindings { get; init; } = [];
    }

    public static Opened Open(string reference, string workingDirectory, RegistrySettings registry, bool secrets, CancellationToken cancellationToken)
    {
        var (path, tag, digest) = Split(reference, workingDirectory);
        if (path is not null)
        {
            if (Directory.Exists(path) && (File.Exists(Path.Combine(path, "index.json")) || Directory.Exists(Path.Combine(path, "blobs"))))
            {
                using var layout = OciLayout.Open(path, tag, digest, registry.Platform);
                return Analyse(layout, secrets);
            }
            if (File.Exists(path))
            {
                using var archive = DockerArchive.Open(path, registry.Platform);
                return Analyse(archive, secrets);
            }
            var analysed = ImageAnalysis.Analyse(path, new DirectoryTree(path), secrets);
            return new Opened(analysed.Inventory, null) { SecretFindings = analysed.SecretFindings };
        }
        if (ImageReference.TryParse(reference) is not { } image)
        {
            throw new ImageSourceException($"'{reference}' is neither a path here nor a registry reference");
        }
        if (registry.Offline)
        {
            throw new ImageSourceException($"'{reference}' is a registry reference and --offline forbids the network; scan a saved archive or layout instead");
        }
        using var client = new RegistryClient(image, registry, cancellationToken);
        using var content = client.Open();
        return Analyse(content, secrets);
    }

    private static Opened Analyse(ImageContent image, bool secrets)
    {
        // A malformed configuration loses only the configuration checks: the layers are still analysed.
        ImageConfig? config = null;
        AnalysisProblem? configProblem = null;
        try
        {
            config = ImageConfig.Parse(image.Config);
        }
        catch (InvalidDataException ex)
        {
            configProblem = new AnalysisProblem($"{image.Reference} (configuration)", null, ex.Message);
        }
        var analysed = ImageAnalysis.Analyse(image, config, secrets);
        var inventory = (configProblem is null ? analysed.Inventory : analysed.Inventory with { Problems = [configProblem, .. analysed.Inventory.Problems] })
            with { ImageId = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image.Config)) };
        return new Opened(inventory, config) { SecretFindings = analysed.SecretFindings, FileFindings = analysed.FileFindings };
    }

    /// <summary>"layout:tag" and "layout@sha256:…" select an image inside a layout; a plain existing path is taken as it is.</summary>
    private static (string? Path, string? Tag, string? Digest) Split(string reference, string workingDirectory)
    {
        string Full(string p) => System.IO.Path.GetFullPath(p, workingDirectory);
        if (System.IO.Path.Exists(Full(reference)))
        {
            return (Full(reference), null, null);
        }
        var at = reference.LastIndexOf('@');
        if (at > 0 && System.IO.Path.Exists(Full(reference[..at])))
        {
            return (Full(reference[..at]), null, reference[(at + 1)..]);
        }
        var colon = reference.LastIndexOf(':');
        return colon > 0 && System.IO.Path.Exists(Full(reference[..colon])) ? (Full(reference[..colon]), reference[(colon + 1)..], null) : (null, null, null);
    }
}
