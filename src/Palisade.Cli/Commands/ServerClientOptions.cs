using System.CommandLine;
using Palisade.Server.Client;

namespace Palisade.Cli.Commands;

/// <summary>Client mode: match on a Palisade server instead of a local database (--server, --token or $PALISADE_SERVER_TOKEN).</summary>
public sealed class ServerClientOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = "Match vulnerabilities on this Palisade server (no local database needed); only the inventory is sent" };

    public Option<string?> Token { get; } = new("--token") { Description = "API token for --server (prefer $PALISADE_SERVER_TOKEN: a command line is visible to other users)" };

    public Option<int> Timeout { get; } = new("--server-timeout") { Description = "Seconds to wait for the server's result", DefaultValueFactory = _ => 300 };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
        command.Options.Add(Timeout);
    }

    /// <summary>The client for --server, or null when matching is local.</summary>
    public ServerClient? Client(ParseResult parsed, CliEnvironment env)
    {
        if (parsed.GetValue(Server) is not { } text)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--server: '{text}' is not an http or https URL");
        }
        var root = server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/");
        return new ServerClient(root, parsed.GetValue(Token) ?? env.Variable("PALISADE_SERVER_TOKEN"), env.Http, env.Clock);
    }

    public TimeSpan Wait(ParseResult parsed) => TimeSpan.FromSeconds(Math.Max(1, parsed.GetValue(Timeout)));
}
