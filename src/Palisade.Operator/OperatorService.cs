using Palisade.Cluster.Api;
using Palisade.Operator.Reports;
using Palisade.Operator.Watching;

namespace Palisade.Operator;

/// <summary>
/// The in-cluster operator's engine: a watcher per workload resource feeding the reporter, each on its own loop so a
/// slow or failing resource does not hold up the others. Runs until cancelled.
/// </summary>
public sealed class OperatorService(ClusterConnection connection, WorkloadReporter reporter, IWatchObserver? observer = null)
{
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(WorkloadReporter.Resources.Select(resource =>
            new ResourceWatcher(connection, resource, new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)), observer)
                .RunAsync(reporter.HandleAsync, cancellationToken)));
}
