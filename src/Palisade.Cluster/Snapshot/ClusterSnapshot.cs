using System.Text.Json;
using System.Text.Json.Serialization;

namespace Palisade.Cluster.Snapshot;

/// <summary>
/// Everything one collection saw: the objects of each resource (JSON as the API sent it, parsed once), the API
/// server's version, what anonymous requests got back, and what could not be read. Scanning a snapshot gives the
/// same findings as scanning the cluster it came from.
/// </summary>
public sealed record ClusterSnapshot(
    int Format,
    string Server,
    string Context,
    DateTimeOffset CollectedAt,
    ServerVersion? Version,
    IReadOnlyList<ResourceItems> Resources,
    IReadOnlyList<CollectionProblem> Problems,
    IReadOnlyList<AnonymousResponse> Anonymous)
{
    /// <summary>2: items are JSON objects, their apiVersion and kind on the resource; 1 (still read): items are JSON text.</summary>
    public const int CurrentFormat = 2;

    public IEnumerable<JsonElement> Items(string resource) => Resources.Where(r => r.Resource == resource).SelectMany(r => r.Items);
}

public sealed record ServerVersion(string GitVersion, string? Platform);

/// <summary>
/// One resource's objects, e.g. "apps/v1/deployments" with kind Deployment. Items may leave out apiVersion and kind,
/// as the items of an API list do; <see cref="ApiVersion"/> and <see cref="Kind"/> stand for them.
/// </summary>
public sealed record ResourceItems(string Resource, string Kind, IReadOnlyList<JsonElement> Items)
{
    public string? ApiVersion { get; init; }
}

/// <summary>Something not seen: a resource the scanner may not list (403), a timeout, an object that did not parse.</summary>
public sealed record CollectionProblem(string Resource, string Message, bool Forbidden);

/// <summary>What an unauthenticated request to a path got: status code and, for 200, a short description.</summary>
public sealed record AnonymousResponse(string Path, int Status, string? Detail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterSnapshot))]
internal sealed partial class SnapshotJson : JsonSerializerContext;
