using Palisade.Cluster.Api;
using Palisade.Operator.Images;
using Palisade.Operator.Reports;
using Palisade.Operator.Watching;

namespace Palisade.Operator;

/// <summary>
/// The in-cluster operator's engine: a watcher per workload resource feeding the reporter, each on its own loop so a
/// slow or failing resource does not hold up the others. Runs until cancelled.
/// </summary>
public sealed class OperatorService(ClusterConnection connection, WorkloadReporter reporter, IWatchObserver? observer = null, ImageScanScheduler? images = null)
{
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var loops = WorkloadReporter.Resources.Select(resource => Watch(resource, reporter.HandleAsync, cancellationToken)).ToList();
        if (images is not null)
        {
            images.Changed = reporter.ImageChangedAsync;
            loops.Add(images.RunAsync(cancellationToken));
            loops.Add(Watch(images.Jobs, images.HandleJobAsync, cancellationToken));
        }
        return Task.WhenAll(loops);
    }

    private Task Watch(WatchedResource resource, Func<WatchEvent, CancellationToken, ValueTask> handle, CancellationToken cancellationToken) =>
        new ResourceWatcher(connection, resource, new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30)), observer).RunAsync(handle, cancellationToken);
}
