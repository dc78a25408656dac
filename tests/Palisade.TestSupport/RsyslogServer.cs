using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Palisade.TestSupport;

/// <summary>A real rsyslogd (Debian's rsyslog) in the foreground, receiving TCP syslog on 127.0.0.1 into a file.</summary>
public sealed class RsyslogServer : IDisposable
{
    private readonly Process? _process;
    private readonly string _root;

    public RsyslogServer()
    {
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-rsyslog", Guid.NewGuid().ToString("N"))).FullName;
        var binary = LocalServices.Which("rsyslogd");
        if (binary is null)
        {
            Missing = "rsyslog is not installed: apt-get install rsyslog";
            return;
        }
        Port = LocalServices.FreePort();
        Output = Path.Combine(_root, "received.log");
        var config = Path.Combine(_root, "rsyslog.conf");
        File.WriteAllText(config, $"""
            global(workDirectory="{_root}")
            module(load="imtcp")
            input(type="imtcp" port="{Port}" address="127.0.0.1")
            template(name="raw" type="string" string="%rawmsg%\n")
            *.* action(type="omfile" file="{Output}" template="raw")
            """);
        _process = Process.Start(new ProcessStartInfo(binary, ["-n", "-f", config, "-i", Path.Combine(_root, "rsyslogd.pid")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        Missing = "rsyslogd did not start";
    }

    public int Port { get; }

    public string Output { get; } = "";

    public string? Missing { get; }

    /// <summary>What rsyslog has written so far, waiting up to a few seconds for it to appear.</summary>
    public string[] Received(int expected)
    {
        for (var i = 0; i < 50; i++)
        {
            if (File.Exists(Output) && File.ReadAllLines(Output).Length >= expected)
            {
                break;
            }
            Thread.Sleep(100);
        }
        return File.Exists(Output) ? File.ReadAllLines(Output) : [];
    }

    public void Dispose() => LocalServices.Stop(_process, _root);
}
