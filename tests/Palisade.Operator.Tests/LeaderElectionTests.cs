using Palisade.Cluster.Api;
using Palisade.Operator.Api;
using Palisade.Operator.Leadership;
using Palisade.TestSupport;

namespace Palisade.Operator.Tests;

/// <summary>Two replicas, one Lease: one leads at a time, a dead leader is replaced once its lease runs out, a stopped one at once.</summary>
public sealed class LeaderElectionTests
{
    private static readonly LeaseTiming Fast = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(100));

    private sealed class Replicas
    {
        private int _active;

        public int MostAtOnce { get; private set; }

        public HashSet<string> Leading { get; } = [];

        public async Task LeadAsync(string identity, CancellationToken cancellationToken)
        {
            lock (this)
            {
                _active++;
                MostAtOnce = Math.Max(MostAtOnce, _active);
                Leading.Add(identity);
            }
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                lock (this)
                {
                    _active--;
                    Leading.Remove(identity);
                }
            }
        }

        public bool Leads(string identity)
        {
            lock (this)
            {
                return Leading.Contains(identity);
            }
        }
    }

    [Fact]
    public async Task Killing_the_leader_hands_over_and_two_never_lead_at_once()
    {
        using var api = new FakeKubernetesApi([new FakeResource("coordination.k8s.io", "v1", "leases", "Lease", true)]);
        var dir = Directory.CreateTempSubdirectory("palisade-lease").FullName;
        using var connection = ClusterConnection.Open(new ConnectionOptions { Kubeconfig = api.WriteKubeconfig(dir) }, _ => null);
        var writer = new ApiWriter(connection);
        var replicas = new Replicas();
        LeaseElector Elector(string identity, bool release = true) =>
            new(writer, "palisade", "palisade-operator", identity, Fast, TimeProvider.System) { ReleaseOnShutdown = release };

        using var first = new CancellationTokenSource();
        var a = Elector("replica-a", release: false).RunAsync(t => replicas.LeadAsync("replica-a", t), first.Token);
        await OperatorHarness.EventuallyAsync(() => replicas.Leads("replica-a"), "replica-a to lead");
        using var second = new CancellationTokenSource();
        var b = Elector("replica-b").RunAsync(t => replicas.LeadAsync("replica-b", t), second.Token);
        await Task.Delay(1500);
        Assert.False(replicas.Leads("replica-b"), "replica-b took a lease that was being renewed");

        // A crash: replica-a stops renewing and does not hand the lease back; replica-b waits out the lease.
        await first.CancelAsync();
        await a;
        var lastRenewal = Time(api.Get("leases", "palisade", "palisade-operator")!["spec"]!["renewTime"]!.GetValue<string>());
        await OperatorHarness.EventuallyAsync(() => replicas.Leads("replica-b"), "replica-b to take over");
        var takenAt = Time(api.Get("leases", "palisade", "palisade-operator")!["spec"]!["acquireTime"]!.GetValue<string>());
        Assert.True(takenAt >= lastRenewal + Fast.Duration, $"taken at {takenAt:O}, before the lease renewed at {lastRenewal:O} ran out");
        Assert.Equal(1, api.Get("leases", "palisade", "palisade-operator")!["spec"]!["leaseTransitions"]!.GetValue<int>());

        // A graceful stop hands the lease back: replica-c leads well before a lease duration.
        using var third = new CancellationTokenSource();
        var c = Elector("replica-c").RunAsync(t => replicas.LeadAsync("replica-c", t), third.Token);
        await Task.Delay(300);
        var stopped = DateTime.UtcNow;
        await second.CancelAsync();
        await b;
        await OperatorHarness.EventuallyAsync(() => replicas.Leads("replica-c"), "replica-c to take over");
        Assert.True((DateTime.UtcNow - stopped).TotalSeconds < 0.9, "the released lease was not taken at once");
        await third.CancelAsync();
        await c;

        Assert.Equal(1, replicas.MostAtOnce);
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
