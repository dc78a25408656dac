using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Palisade.TestSupport;

/// <summary>Plain-TCP stand-ins: an HTTP server of canned answers, a port that accepts and never answers, one that sends garbage.</summary>
public sealed class RawTcpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];

    /// <summary>An HTTP server of canned answers on a given port (kubectl proxy is known by its port).</summary>
    public RawTcpServer(int port, Func<string, (int Status, string Body)> answer) : this(HttpServe(answer), port)
    {
    }

    public RawTcpServer(Func<NetworkStream, Task> serve, int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                lock (_held)
                {
                    _held.Add(client);
                }
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await serve(client.GetStream());
                    }
                    catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
                    {
                    }
                });
            }
        });
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static RawTcpServer Http(Func<string, (int Status, string Body)> answer) => new(HttpServe(answer));

    private static Func<NetworkStream, Task> HttpServe(Func<string, (int Status, string Body)> answer) => async stream =>
    {
        var request = new StringBuilder();
        var buffer = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) > 0)
        {
            request.Append((char)buffer[0]);
        }
        var path = request.ToString().Split(' ')[1].Split('?')[0];
        var (status, body) = answer(path);
        var bytes = Encoding.UTF8.GetBytes(body);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"));
        await stream.WriteAsync(bytes);
        stream.Close();
    };

    /// <summary>Accepts, reads whatever comes, and never says a word.</summary>
    public static RawTcpServer Silent() => new(async stream =>
    {
        var buffer = new byte[1024];
        while (await stream.ReadAsync(buffer) > 0)
        {
        }
    });

    public static RawTcpServer Garbage() => new(async stream =>
    {
        await stream.WriteAsync("\u0001\u0002garbage that is not HTTP at all\r\n\r\n"u8.ToArray());
        stream.Close();
    });

    /// <summary>An HTTP answer whose body never ends.</summary>
    public static RawTcpServer Endless() => new(async stream =>
    {
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"u8.ToArray());
        var chunk = Encoding.ASCII.GetBytes(new string('x', 65536));
        for (var i = 0; i < 100_000; i++)
        {
            await stream.WriteAsync(chunk);
        }
    });

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }
    }
}

public static class Answers
{
    public const string PodList = """{"kind":"PodList","apiVersion":"v1","items":[{"metadata":{"name":"web-1","namespace":"default"},"spec":{"containers":[{"name":"web","image":"nginx"}]}}]}""";
    public const string ApiVersion = """{"major":"1","minor":"29","gitVersion":"v1.29.4","platform":"linux/amd64"}""";
    public const string Namespaces = """{"kind":"NamespaceList","apiVersion":"v1","items":[{"metadata":{"name":"default"}}]}""";

    /// <summary>A kubelet on HTTPS: anonymous pods listing allowed or denied (401).</summary>
    public static ApiResponse Kubelet(ApiRequest request, bool anonymous) => request.Path switch
    {
        "/pods" or "/runningpods/" when anonymous => ApiResponse.Json(PodList),
        "/logs/" when anonymous => new ApiResponse(200, "<pre>\n<a href=\"apt/\">apt/</a>\n<a href=\"containers/\">containers/</a>\n<a href=\"syslog\">syslog</a>\n</pre>\n"),
        "/pods" or "/logs/" => new ApiResponse(401, "Unauthorized"),
        "/healthz" => new ApiResponse(200, "ok"),
        _ => new ApiResponse(404, "404 page not found"),
    };

    /// <summary>An API server on HTTPS: anonymous reads allowed or denied (403 Status like the real one).</summary>
    public static ApiResponse ApiServer(ApiRequest request, bool anonymous) => request.Path switch
    {
        "/version" => ApiResponse.Json(ApiVersion),
        "/healthz" => new ApiResponse(200, "ok"),
        "/api/v1/namespaces" when anonymous => ApiResponse.Json(Namespaces),
        "/api" when anonymous => ApiResponse.Json("""{"kind":"APIVersions","versions":["v1"]}"""),
        _ => ApiResponse.Failure(403, $"forbidden: User system:anonymous cannot get path {request.Path}"),
    };
}
