using System.Runtime.CompilerServices;

namespace Palisade.Core.Scanning;

/// <summary>
/// Runs work items on up to <c>parallelism</c> threads but yields their results strictly in item order, never more
/// than a small window ahead, so a streaming scan keeps its order and a bounded amount of finished work in memory.
/// </summary>
public static class OrderedParallel
{
    public static async IAsyncEnumerable<T> RunAsync<T>(int count, Func<int, CancellationToken, Task<T>> work, int parallelism,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (parallelism <= 1)
        {
            for (var i = 0; i < count; i++)
            {
                yield return await work(i, cancellationToken).ConfigureAwait(false);
            }
            yield break;
        }
        // Items are started only up to a window past the oldest one not yet yielded, so a slow item cannot let the
        // others pile up finished results; threads wait on a limiter that finished items release, never on the reader.
        var window = parallelism * 4;
        using var limiter = new SemaphoreSlim(parallelism);
        var started = new Queue<Task<T>>();
        var next = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                while (next < count && next < i + window)
                {
                    var item = next++;
                    started.Enqueue(RunLimitedAsync(item));
                }
                yield return await started.Dequeue().ConfigureAwait(false);
            }
        }
        finally
        {
            // Whatever was started must finish before the limiter goes away (an early stop or a cancellation); its
            // outcome no longer matters, as the reader has stopped or an exception is already on its way out.
            while (started.Count > 0)
            {
                await started.Dequeue().ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        async Task<T> RunLimitedAsync(int item)
        {
            await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await Task.Run(() => work(item, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                limiter.Release();
            }
        }
    }
}
