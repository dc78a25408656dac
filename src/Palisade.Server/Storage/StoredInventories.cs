using System.Text.Json;
using Palisade.Core.Scanning;

namespace Palisade.Server.Storage;

/// <summary>How an inventory is kept in the images table: the scan contract's <see cref="Inventory"/> as compact JSON.</summary>
public static class StoredInventories
{
    public static string Serialize(Inventory inventory) => JsonSerializer.Serialize(inventory, ServerJson.Default.Inventory);

    public static Inventory? Deserialize(string json) => JsonSerializer.Deserialize(json, ServerJson.Default.Inventory);
}
