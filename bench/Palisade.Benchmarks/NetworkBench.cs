using System.Diagnostics;
using System.Net.Sockets;
using Palisade.Network;
using Palisade.Network.Targets;

namespace Palisade.Benchmarks;

/// <summary>
/// Discovery throughput on loopback (127.0.0.0/24 × the default ports, all refused): the hunter against the floor of
/// bare TCP connects at the same concurrency, measured in the same run.
/// </summary>
internal static class NetworkBench
{
    public static async Task RunAsync(int rounds)
    {
        var endpoints = TargetSpec.Expand(["127.0.0.0/24"], TargetSpec.DefaultPorts, allowPublic: false, _ => []);
        const int Concurrency = 64;
        var floors = new List<double>();
        var hunts = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            await ConnectAllAsync(endpoints, Concurrency);
            floors.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            await new NetworkHunter(new HuntOptions { Concurrency = Concurrency, RatePerSecond = 0 }, TimeProvider.System).HuntAsync(endpoints, CancellationToken.None);
            hunts.Add(watch.Elapsed.TotalSeconds);
        }
        Console.WriteLine();
        Console.WriteLine($"== network discovery: {endpoints.Count:N0} endpoints (127.0.0.0/24 x {TargetSpec.DefaultPorts.Count} ports), concurrency {Concurrency}, best of {rounds}");
        Console.WriteLine($"  bare TCP connects (floor): {floors.Min():0.00} s ({endpoints.Count / floors.Min():N0}/s)");
        Console.WriteLine($"  palisade scan network     : {hunts.Min():0.00} s ({endpoints.Count / hunts.Min():N0}/s)   ratio {hunts.Min() / floors.Min():0.00}x");
    }

    private static async Task ConnectAllAsync(IReadOnlyList<Palisade.Network.Targets.Endpoint> endpoints, int concurrency)
    {
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync();
            try
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endpoint.Address, endpoint.Port);
            }
            catch (SocketException)
            {
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
