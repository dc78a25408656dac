namespace Palisade.Images.Sources.Registry;

/// <summary>How to reach registries: platform, credentials, plain HTTP on loopback, and whether the network is allowed.</summary>
public sealed record RegistrySettings(Platform Platform, bool Offline, Func<HttpClient> Http)
{
    public bool Insecure { get; init; }
    public RegistryCredentials? Credentials { get; init; }
    public string? DockerConfigPath { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}
