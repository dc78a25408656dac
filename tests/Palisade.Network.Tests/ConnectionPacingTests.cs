using Palisade.Network;

namespace Palisade.Network.Tests;

/// <summary>The connection rate is kept by schedule: fast when allowed, never above the rate.</summary>
public sealed class ConnectionPacingTests
{
    [Fact]
    public async Task Two_thousand_a_second_takes_about_a_second_for_two_thousand_connections()
    {
        var pacing = new ConnectionPacing(2000, TimeProvider.System);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            await pacing.WaitTurnAsync(CancellationToken.None);
        }
        // Not faster than the rate (minus the slack), and not the 2000 timer ticks a sleep per connection costs.
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.95, 5);
    }

    [Fact]
    public async Task Zero_means_unlimited()
    {
        var pacing = new ConnectionPacing(0, TimeProvider.System);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++)
        {
            await pacing.WaitTurnAsync(CancellationToken.None);
        }
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1));
    }
}
