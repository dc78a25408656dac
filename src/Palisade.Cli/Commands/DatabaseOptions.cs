using System.CommandLine;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Cli.Commands;

/// <summary>Where the vulnerability database is: --db, else $XDG_CACHE_HOME/palisade/vulnerabilities.db.</summary>
public sealed class DatabaseOptions
{
    public Option<string?> Path { get; } = new("--db") { Description = "Vulnerability database file (default: $XDG_CACHE_HOME/palisade/vulnerabilities.db)" };

    public void AddTo(Command command) => command.Options.Add(Path);

    public VulnerabilityStore Store(ParseResult parsed, CliEnvironment env) =>
        new(parsed.GetValue(Path) is { } path ? System.IO.Path.GetFullPath(path, env.WorkingDirectory) : StorePaths.DefaultDatabase(env.Variable), env.Clock);
}
