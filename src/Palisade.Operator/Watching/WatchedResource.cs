namespace Palisade.Operator.Watching;

/// <summary>A resource the operator keeps in view: its list path (cluster-wide) and the kind its items are.</summary>
public sealed record WatchedResource(string Resource, string ListPath, string ApiVersion, string Kind)
{
    public static WatchedResource Core(string resource, string kind) => new(resource, $"/api/v1/{resource}", "v1", kind);

    public static WatchedResource Grouped(string group, string version, string resource, string kind) =>
        new(resource, $"/apis/{group}/{version}/{resource}", $"{group}/{version}", kind);
}
