using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Palisade.TestSupport;

/// <summary>What the real-component fixtures share: a free loopback port, finding a program, stopping it and its files.</summary>
public static class LocalServices
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Append("/usr/sbin").Append("/sbin").Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>Kills the process (and its children) and removes its working folder.</summary>
    public static void Stop(Process? process, string root)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process?.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
