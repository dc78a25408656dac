namespace Palisade.Cli.Tests;

/// <summary>A clock that always says the same time, so reports are byte-for-byte reproducible.</summary>
internal sealed class FixedClock : TimeProvider
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly DateTimeOffset _now;

    public FixedClock(DateTimeOffset? now = null) => _now = now ?? Now;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => 0;
}
