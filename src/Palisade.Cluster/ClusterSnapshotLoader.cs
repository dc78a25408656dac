using Palisade.Cluster.Api;
using Palisade.Cluster.Collection;
using Palisade.Cluster.Snapshot;

namespace Palisade.Cluster;

/// <summary>Reads a snapshot file or collects one from a live cluster, the same way for every command and service.</summary>
public sealed class ClusterSnapshotLoader(Func<string, string?> environment, TimeProvider clock)
{
    /// <exception cref="ClusterAccessException">The cluster could not be reached, or the collection did not finish in time.</exception>
    public async Task<ClusterSnapshot> LoadAsync(ClusterSourceSpec source, CancellationToken cancellationToken)
    {
        switch (source)
        {
            case SnapshotSource snapshot:
                return await SnapshotFile.ReadAsync(snapshot.Path, cancellationToken).ConfigureAwait(false);
            case LiveSource live:
                using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    deadline.CancelAfter(live.Timeout);
                    using var connection = ClusterConnection.Open(live.Connection, environment);
                    try
                    {
                        return await new ClusterCollector(connection, clock).CollectAsync(live.Collect, deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        throw new ClusterAccessException($"{connection.Server}: the collection did not finish within --timeout {live.Timeout.TotalSeconds:0} s");
                    }
                }
            default:
                throw new ArgumentException($"unknown cluster source {source}", nameof(source));
        }
    }
}
