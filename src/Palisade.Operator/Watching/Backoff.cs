namespace Palisade.Operator.Watching;

/// <summary>Exponential back-off with jitter between failed attempts, reset by a success.</summary>
public sealed class Backoff(TimeSpan first, TimeSpan limit)
{
    private int _failures;

    public TimeSpan Next()
    {
        var delay = TimeSpan.FromTicks(Math.Min(limit.Ticks, first.Ticks * (1L << Math.Min(_failures, 20))));
        _failures++;
        // Up to a fifth either way, so replicas that failed together do not retry together.
        return delay * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }

    public void Reset() => _failures = 0;
}
