using System.Net;
using System.Net.Sockets;

namespace Palisade.TestSupport;

/// <summary>
/// A loopback listener that counts every connection made to it and answers nothing. Pointed to by HTTP(S)_PROXY,
/// it proves whether a process tried to reach the network at all.
/// </summary>
public sealed class ConnectionTrap : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _connections;

    public ConnectionTrap()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Connections => Volatile.Read(ref _connections);

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
