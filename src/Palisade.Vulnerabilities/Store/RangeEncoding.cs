using System.Text.Json;
using System.Text.Json.Serialization;
using Palisade.Vulnerabilities.Advisories;

namespace Palisade.Vulnerabilities.Store;

/// <summary>Ranges and version lists as compact JSON columns: read only for the few rows a package matches.</summary>
internal static class RangeEncoding
{
    public static string? Encode(IReadOnlyList<VersionRange> ranges) => ranges.Count == 0 ? null
        : JsonSerializer.Serialize(ranges.Select(r => new StoredRange(r.Type.ToString(), [.. r.Events.Select(e => new StoredEvent(e.Kind.ToString(), e.Version))])).ToList(), StoreJson.Default.ListStoredRange);

    public static string? Encode(IReadOnlyList<string> versions) => versions.Count == 0 ? null : JsonSerializer.Serialize(versions.ToList(), StoreJson.Default.ListString);

    public static IReadOnlyList<VersionRange> DecodeRanges(string? json) => json is null ? []
        : [.. (JsonSerializer.Deserialize(json, StoreJson.Default.ListStoredRange) ?? [])
            .Select(r => new VersionRange(Enum.Parse<RangeType>(r.T), [.. r.E.Select(e => new RangeEvent(Enum.Parse<RangeEventKind>(e.K), e.V))]))];

    public static IReadOnlyList<string> DecodeVersions(string? json) => json is null ? [] : JsonSerializer.Deserialize(json, StoreJson.Default.ListString) ?? [];
}

internal sealed record StoredRange(string T, List<StoredEvent> E);

internal sealed record StoredEvent(string K, string V);

[JsonSerializable(typeof(List<StoredRange>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StoreJson : JsonSerializerContext;
