using System.Diagnostics;

namespace Palisade.TestSupport;

/// <summary>
/// A real, throwaway PostgreSQL (Debian's postgresql package) on 127.0.0.1 and a free port: initdb into a temporary
/// folder, pg_ctl start, no system service. Loopback only, trust authentication, fsync off. Each test asks for its own
/// database. As root, the server runs as the postgres user (PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _root;
    private readonly string? _bin;
    private int _databases;

    public PostgresServer()
    {
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-pg", Guid.NewGuid().ToString("N"))).FullName;
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (_bin is null)
        {
            Missing = "PostgreSQL is not installed: apt-get install postgresql";
            return;
        }
        Port = LocalServices.FreePort();
        var data = Path.Combine(_root, "data");
        if (Environment.UserName == "root")
        {
            Run("chown", "-R", "postgres:postgres", _root);
        }
        Run(Path.Combine(_bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C");
        Run(Path.Combine(_bin, "pg_ctl"), "-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start");
    }

    /// <summary>Why the server is not available here, or null when it runs.</summary>
    public string? Missing { get; }

    public int Port { get; }

    /// <summary>A new, empty database and its postgres:// URL.</summary>
    public string NewDatabase()
    {
        var name = $"test{Interlocked.Increment(ref _databases)}";
        Run(Path.Combine(_bin!, "createdb"), "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name);
        return $"postgres://postgres@127.0.0.1:{Port}/{name}";
    }

    public void Dispose()
    {
        if (_bin is not null && Missing is null)
        {
            try
            {
                Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
            }
        }
        LocalServices.Stop(null, _root);
    }

    private static void Run(string program, params string[] arguments)
    {
        var asPostgres = Environment.UserName == "root" && program != "chown";
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (asPostgres)
        {
            foreach (var part in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(part);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {error}{output.Result}");
        }
    }
}
