using Palisade.Cli;

namespace Palisade.Cluster.Tests;

internal sealed record Run(int ExitCode, string Out, string Error);

/// <summary>Runs the CLI in process on a fixed date, with HOME in a temporary folder.</summary>
internal static class Cli
{
    public static readonly DateTimeOffset Today = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static async Task<Run> RunAsync(string directory, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment(output, error, () => new MemoryStream(), directory, new Clock())
        {
            Variable = name => name == "HOME" ? directory : null,
            Http = () => throw new InvalidOperationException("cluster tests use no other network"),
        };
        var code = await new PalisadeApp(env).RunAsync(args, CancellationToken.None);
        return new Run(code, output.ToString(), error.ToString());
    }

    public static string TempDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-cluster-tests", Guid.NewGuid().ToString("N"))).FullName;

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Today;

        public override long GetTimestamp() => 0;
    }
}
