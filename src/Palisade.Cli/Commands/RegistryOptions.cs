using System.CommandLine;
using Sources = Palisade.Images.Sources;
using Palisade.Images.Sources.Registry;

namespace Palisade.Cli.Commands;

/// <summary>How `scan image` reaches registries: --platform, credentials, --insecure for plain HTTP on loopback.</summary>
public sealed class RegistryOptions
{
    public Option<string?> Platform { get; } = new("--platform") { Description = "Image platform to pick from a multi-platform image: os/arch[/variant] (default linux/amd64)" };
    public Option<string?> Username { get; } = new("--username") { Description = "Registry user name (default: from ~/.docker/config.json)" };
    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the registry password from standard input" };
    public Option<string?> Password { get; } = new("--password") { Description = "Registry password (prefer --password-stdin or PALISADE_REGISTRY_PASSWORD: a flag shows in process lists)" };
    public Option<bool> Insecure { get; } = new("--insecure") { Description = "Use plain HTTP for a registry on loopback (refused for any other host)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Platform, Username, Password, PasswordStdin, Insecure })
        {
            command.Options.Add(option);
        }
    }

    public RegistrySettings Settings(ParseResult parsed, CliEnvironment env, bool offline)
    {
        var platform = parsed.GetValue(Platform) is { } text ? Sources.Platform.Parse(text) : Sources.Platform.Default;
        var username = parsed.GetValue(Username) ?? env.Variable("PALISADE_REGISTRY_USERNAME");
        var password = parsed.GetValue(Password) ?? env.Variable("PALISADE_REGISTRY_PASSWORD");
        if (parsed.GetValue(PasswordStdin))
        {
            using var reader = new StreamReader(env.OpenStandardInput());
            password = reader.ReadLine()?.TrimEnd('\r', '\n');
        }
        if ((username is null) != (password is null))
        {
            throw new UsageException("--username and a password go together");
        }
        var dockerConfig = env.Variable("DOCKER_CONFIG") is { Length: > 0 } folder ? Path.Combine(folder, "config.json")
            : env.Variable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".docker", "config.json") : null;
        return new RegistrySettings(platform, offline, env.Http)
        {
            Insecure = parsed.GetValue(Insecure),
            Credentials = username is null ? null : new RegistryCredentials(username, password!),
            DockerConfigPath = dockerConfig,
        };
    }
}
