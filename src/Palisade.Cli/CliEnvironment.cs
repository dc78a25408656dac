namespace Palisade.Cli;

/// <summary>The process's outside world, injected so the CLI runs the same in tests as in a terminal.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput, string WorkingDirectory, TimeProvider Clock)
{
    public bool OutputIsTerminal { get; init; }

    /// <summary>Environment variables (XDG_CACHE_HOME, HOME, DOCKER_CONFIG…), replaceable in tests.</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Makes the HTTP client for anything that goes on the network; tests count or forbid its use.</summary>
    public Func<HttpClient> Http { get; init; } = () => new HttpClient { Timeout = TimeSpan.FromMinutes(10) };

    public static CliEnvironment FromConsole() => new(Console.Out, Console.Error, Console.OpenStandardInput, Environment.CurrentDirectory, TimeProvider.System)
    {
        OutputIsTerminal = !Console.IsOutputRedirected,
    };
}
