using Palisade.Cluster.Api;
using Palisade.Cluster.Collection;

namespace Palisade.Cluster;

/// <summary>Where a cluster's objects come from.</summary>
public abstract record ClusterSourceSpec
{
    /// <summary>How the source is named in a report when nothing could be read from it.</summary>
    public abstract string DisplayName { get; }
}

/// <summary>A snapshot file written by <c>palisade cluster snapshot</c>, named in reports as the user gave it.</summary>
public sealed record SnapshotSource(string Path, string ShownAs) : ClusterSourceSpec
{
    public override string DisplayName => ShownAs;
}

/// <summary>A running cluster, through its API, with the whole collection bounded by <paramref name="Timeout"/>.</summary>
public sealed record LiveSource(ConnectionOptions Connection, CollectOptions Collect, TimeSpan Timeout) : ClusterSourceSpec
{
    public override string DisplayName => Connection.Context ?? "cluster";
}
