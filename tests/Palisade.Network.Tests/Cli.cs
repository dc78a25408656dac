using Palisade.Cli;

namespace Palisade.Network.Tests;

internal sealed record Run(int ExitCode, string Out, string Error);

internal static class Cli
{
    public static Task<Run> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    public static async Task<Run> RunAsync(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-network-tests", Guid.NewGuid().ToString("N"))).FullName;
        var env = new CliEnvironment(output, error, () => new MemoryStream(), directory, TimeProvider.System)
        {
            Variable = name => name == "HOME" ? directory : variables.GetValueOrDefault(name),
        };
        var code = await new PalisadeApp(env).RunAsync(args, CancellationToken.None);
        return new Run(code, output.ToString(), error.ToString());
    }
}
