using System.Text;
using System.Diagnostics;
using Palisade.TestSupport;

namespace Palisade.Cli.Tests;

internal sealed record CliRun(int ExitCode, string Out, string Error);

/// <summary>Runs Palisade in process (for deterministic output) or as the real executable (for exit codes end to end).</summary>
internal static class CliRunner
{
    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static Task<CliRun> InProcessAsync(string workingDirectory, params string[] args) => InProcessAsync(workingDirectory, e => e, args);

    /// <summary>In process, with the environment adjusted (variables, clock, HTTP) by <paramref name="configure"/>.</summary>
    public static async Task<CliRun> InProcessAsync(string workingDirectory, Func<CliEnvironment, CliEnvironment> configure, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = configure(new CliEnvironment(output, error, () => new MemoryStream(), workingDirectory, new FixedClock())
        {
            // Tests never read the user's cache or Docker config, and never use the network unless they say so.
            Variable = name => name == "HOME" ? workingDirectory : null,
            Http = () => throw new InvalidOperationException("this test may not use the network"),
        });
        var code = await new PalisadeApp(env).RunAsync(args, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> ProcessAsync(string workingDirectory, string? stdin, params string[] args) =>
        ProcessAsync(workingDirectory, stdin, new Dictionary<string, string>(), args);

    public static async Task<CliRun> ProcessAsync(string workingDirectory, string? stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(ReleaseBinary ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (ReleaseBinary is null)
        {
            start.ArgumentList.Add(CliDll);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Remove("NO_COLOR");
        start.Environment["HOME"] = workingDirectory;
        start.Environment.Remove("XDG_CACHE_HOME");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts palisade as a long-running process (a server) the test stops; its output is drained and kept.</summary>
    public static (Process Process, StringBuilder Output) Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(ReleaseBinary ?? "dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (ReleaseBinary is null)
        {
            start.ArgumentList.Add(CliDll);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["HOME"] = workingDirectory;
        start.Environment.Remove("XDG_CACHE_HOME");
        var output = new StringBuilder();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    /// <summary>The Native AOT release binary when test.sh found a current one (dist/palisade): process tests run it.</summary>
    public static string? ReleaseBinary => Environment.GetEnvironmentVariable("PALISADE_CLI_BINARY") is { Length: > 0 } path && File.Exists(path) ? path : null;

    /// <summary>The palisade.dll built next to this test assembly (a project reference copies it here).</summary>
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "palisade.dll");

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "palisade-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string Repo(params string[] parts) => Path.Combine([RepositoryPaths.Root, .. parts]);

}
