namespace Palisade.Network;

/// <summary>
/// Keeps new connections at or under a rate by schedule, not by sleeping between them: connection N may start at
/// N / rate seconds, and the caller only waits when it is ahead of that by more than a timer's resolution. Sleeping
/// the 0.5 ms between two connections at 2,000/s would really sleep a timer tick (1-15 ms) each time.
/// </summary>
public sealed class ConnectionPacing(int perSecond, TimeProvider clock)
{
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(15);
    private readonly long _start = clock.GetTimestamp();
    private long _started;

    public async ValueTask WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (perSecond <= 0)
        {
            return;
        }
        var due = TimeSpan.FromSeconds((double)_started++ / perSecond);
        var ahead = due - clock.GetElapsedTime(_start);
        if (ahead > Slack)
        {
            await Task.Delay(ahead, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
