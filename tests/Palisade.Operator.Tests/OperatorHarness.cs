using System.Text.Json.Nodes;
using Palisade.Cluster.Api;
using Palisade.Kubernetes;
using Palisade.Operator.Images;
using Palisade.Operator.Reports;
using Palisade.Operator.Watching;
using Palisade.TestSupport;

namespace Palisade.Operator.Tests;

/// <summary>The operator's engine running against a fake API server in the test's process, with helpers to wait for what it writes.</summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ClusterConnection _connection;
    private Task? _running;

    public OperatorHarness()
    {
        Api = new FakeKubernetesApi(FakeResources.Operator);
        var dir = Directory.CreateTempSubdirectory("palisade-operator-test").FullName;
        _connection = ClusterConnection.Open(new ConnectionOptions { Kubeconfig = Api.WriteKubeconfig(dir) }, _ => null);
    }

    public FakeKubernetesApi Api { get; }

    public List<string> Restarts { get; } = [];

    public void Start(ScanJobOptions? imageScans = null)
    {
        var observer = new Observer(Restarts);
        var writer = new Api.ApiWriter(_connection);
        Scheduler = imageScans is null ? null : new ImageScanScheduler(writer, imageScans, TimeProvider.System);
        var reporter = new WorkloadReporter(writer, new ManifestScanOptions(), TimeProvider.System, images: Scheduler);
        _running = new OperatorService(_connection, reporter, observer, Scheduler).RunAsync(_stop.Token);
    }

    public ImageScanScheduler? Scheduler { get; private set; }

    /// <summary>Waits until the condition holds (or fails the test after a generous time).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    public JsonObject? Report(string @namespace, string kind, string name) =>
        Api.Get("policyreports", @namespace, $"palisade-{kind.ToLowerInvariant()}-{name}");

    /// <summary>How many times the operator created or replaced a workload's report.</summary>
    public int Writes(string @namespace, string kind, string name) => Api.ClientWrites("policyreports", @namespace, $"palisade-{kind.ToLowerInvariant()}-{name}");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        _connection.Dispose();
        Scheduler?.Dispose();
        Api.Dispose();
        _stop.Dispose();
    }

    private sealed class Observer(List<string> restarts) : IWatchObserver
    {
        public void Restarted(WatchedResource resource, string reason)
        {
            lock (restarts)
            {
                restarts.Add($"{resource.Resource}: {reason}");
            }
        }

        public void Failed(WatchedResource resource, string reason)
        {
            lock (restarts)
            {
                restarts.Add($"{resource.Resource} failed: {reason}");
            }
        }
    }
}
