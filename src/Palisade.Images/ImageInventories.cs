using Palisade.Core.Scanning;
using Palisade.Images.Packages;

namespace Palisade.Images;

/// <summary>An image's packages as the scan contract's inventory (each with its package URL, for the SBOM writers), and back.</summary>
public static class ImageInventories
{
    public static Inventory ToInventory(ImageInventory inventory) =>
        new(inventory.Reference, inventory.OperatingSystem?.Id, inventory.OperatingSystem?.Version,
            [.. inventory.Packages.Select(p => new InventoryComponent(p.Name, p.Version, p.Ecosystem)
            {
                Purl = Purl.For(p, inventory.OperatingSystem),
                Path = p.Path,
                Layer = p.Layer,
                SourcePackage = p.SourceName is { } source && source != p.Name ? source : null,
                SourceVersion = p.SourceVersion is { } sourceVersion && sourceVersion != p.Version ? sourceVersion : null,
                Architecture = p.Architecture,
            })]) { Digest = inventory.ImageId };

    /// <summary>A stored inventory back into what matching reads (the server re-matches without the image).</summary>
    public static ImageInventory FromInventory(Inventory inventory)
    {
        var os = inventory.OperatingSystemId is { } id
            ? new OperatingSystems.OperatingSystem(OperatingSystems.OsFamilies.For(id, []), id, inventory.OperatingSystemVersion ?? "", $"{id} {inventory.OperatingSystemVersion}".Trim(), "the stored inventory")
            : null;
        return new ImageInventory(inventory.Subject, os,
            [.. inventory.Components.Select(c => new Package(c.Ecosystem, c.Name, c.Version, c.Path ?? "")
            {
                SourceName = c.SourcePackage,
                SourceVersion = c.SourceVersion,
                Architecture = c.Architecture,
                Layer = c.Layer,
            })], []) { ImageId = inventory.Digest };
    }
}
