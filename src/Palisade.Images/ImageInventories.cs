using Palisade.Core.Scanning;
using Palisade.Images.Packages;

namespace Palisade.Images;

/// <summary>An image's packages as the scan contract's inventory, each with its package URL, for the SBOM writers.</summary>
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
                Architecture = p.Architecture,
            })]) { Digest = inventory.ImageId };
}
