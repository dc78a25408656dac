using System.Text;
using System.Text.Json;

namespace Palisade.Images.Sources.Registry;

/// <summary>
/// Credentials for one registry: from --username/--password, else from the Docker config (auths entries only;
/// credential helpers are programs and Palisade never runs them).
/// </summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    public string Basic => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public static RegistryCredentials? FromDockerConfig(string? configPath, string host)
    {
        if (configPath is null || !File.Exists(configPath) || new FileInfo(configPath).Length > 1024 * 1024)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(configPath));
            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var keys = host == ImageReference.DockerHub ? new[] { "https://index.docker.io/v1/", "index.docker.io", "docker.io", host } : [host, "https://" + host, "http://" + host];
            foreach (var entry in auths.EnumerateObject().Where(e => keys.Contains(e.Name.TrimEnd('/')) || keys.Contains(e.Name)))
            {
                if (entry.Value.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
                {
                    var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                    var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        return new RegistryCredentials(decoded[..colon], decoded[(colon + 1)..]);
                    }
                }
                if (entry.Value.TryGetProperty("username", out var user) && entry.Value.TryGetProperty("password", out var password)
                    && user.GetString() is { } u && password.GetString() is { } p)
                {
                    return new RegistryCredentials(u, p);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new ImageSourceException($"{configPath}: unreadable Docker config ({ex.Message})");
        }
        return null;
    }
}
