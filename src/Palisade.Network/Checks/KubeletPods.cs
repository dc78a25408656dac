using System.Text.Json;
using Palisade.Network.Probing;

namespace Palisade.Network.Checks;

/// <summary>How many pods a kubelet's /pods answer listed, for the evidence.</summary>
internal static class KubeletPods
{
    public static int Count(EndpointReport report)
    {
        try
        {
            using var json = JsonDocument.Parse(report.Answers["/pods"].Body);
            return json.RootElement.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
