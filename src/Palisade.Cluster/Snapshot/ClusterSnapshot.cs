using System.Text.Json.Serialization;

namespace Palisade.Cluster.Snapshot;

/// <summary>
/// Everything one collection saw: the objects of each resource (raw JSON, with kind and apiVersion set), the API
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
    public const int CurrentFormat = 1;

    public IEnumerable<string> Items(string resource) => Resources.Where(r => r.Resource == resource).SelectMany(r => r.Items);
}

public sealed record ServerVersion(string GitVersion, string? Platform);

/// <summary>One resource's objects, e.g. "apps/v1/deployments" with kind Deployment.</summary>
public sealed record ResourceItems(string Resource, string Kind, IReadOnlyList<string> Items);

/// <summary>Something not seen: a resource the scanner may not list (403), a timeout, an object that did not parse.</summary>
public sealed record CollectionProblem(string Resource, string Message, bool Forbidden);

/// <summary>What an unauthenticated request to a path got: status code and, for 200, a short description.</summary>
public sealed record AnonymousResponse(string Path, int Status, string? Detail);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClusterSnapshot))]
internal sealed partial class SnapshotJson : JsonSerializerContext;
