namespace Palisade.Cli;

/// <summary>The process's outside world, injected so the CLI runs the same in tests as in a terminal.</summary>
public sealed record CliEnvironment(TextWriter Out, TextWriter Error, Func<Stream> OpenStandardInput, string WorkingDirectory, TimeProvider Clock)
{
    public bool OutputIsTerminal { get; init; }

    public static CliEnvironment FromConsole() => new(Console.Out, Console.Error, Console.OpenStandardInput, Environment.CurrentDirectory, TimeProvider.System)
    {
        OutputIsTerminal = !Console.IsOutputRedirected,
    };
}
