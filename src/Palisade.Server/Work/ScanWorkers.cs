using Palisade.Server.Storage;

namespace Palisade.Server.Work;

/// <summary>
/// The workers that take scans off the queue: a fixed number at once, woken by a submission and otherwise polling (so
/// scans another server instance queued are picked up too). A scan's lease is renewed while it runs.
/// </summary>
public sealed class ScanWorkers(ServerOptions options, ScanStore scans, ScanExecutor executor) : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Scans being run right now by this server.</summary>
    public int Running => _running;

    private int _running;

    public void Wake() => _wake.Release();

    public void Dispose() => _wake.Dispose();

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => Task.Run(() => LoopAsync(cancellationToken), CancellationToken.None)));

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ClaimedScan? scan;
            try
            {
                scan = await scans.ClaimAsync(options.Instance, options.Lease, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                await options.Log.WriteLineAsync($"queue: cannot claim a scan ({ex.GetType().Name}: {ex.Message}); retrying").ConfigureAwait(false);
                scan = null;
            }
            if (scan is null)
            {
                try
                {
                    await _wake.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            await RunOneAsync(scan, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(ClaimedScan scan, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _running);
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewAsync(scan.Id, renewal.Token);
        try
        {
            var result = await executor.RunAsync(scan, cancellationToken).ConfigureAwait(false);
            await scans.CompleteAsync(scan.Id, result, CancellationToken.None).ConfigureAwait(false);
            await options.Log.WriteLineAsync($"scan {scan.Id} ({scan.Kind}) done").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the scan stays running under this instance's name and is queued again at the next start.
        }
        catch (Exception ex)
        {
            var reason = ex is ScanRejectedException ? ex.Message : $"internal error ({ex.GetType().Name}: {ex.Message})";
            await scans.FailAsync(scan.Id, reason, CancellationToken.None).ConfigureAwait(false);
            await options.Log.WriteLineAsync($"scan {scan.Id} ({scan.Kind}) failed: {reason}").ConfigureAwait(false);
        }
        finally
        {
            await renewal.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task RenewAsync(string id, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.Lease / 3, options.Clock, cancellationToken).ConfigureAwait(false);
            await scans.RenewLeaseAsync(id, options.Instance, options.Lease, cancellationToken).ConfigureAwait(false);
        }
    }
}
