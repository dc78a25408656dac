using System.Security.Cryptography;
using System.Text;

namespace Palisade.Server.Security;

public enum TokenScope
{
    Read,
    Write,
}

/// <summary>Who made a request: a token's name or a client certificate's subject, and what it may do.</summary>
public sealed record Caller(string Name, TokenScope Scope);

/// <summary>
/// API tokens as a file of hashes (one "name scope sha256" line each): a token is shown once when it is made and never
/// stored, so the file (a Kubernetes Secret, say) reveals nothing usable. Re-read when it changes on disk.
/// </summary>
public sealed class TokenFile(string path)
{
    private const string Prefix = "pal_";
    private readonly Lock _gate = new();
    private (DateTime Written, long Length, Dictionary<string, Caller> ByHash)? _loaded;

    public string Path { get; } = path;

    /// <summary>Makes a token for <paramref name="name"/>, records its hash and returns it: the only time it exists in full.</summary>
    /// <exception cref="ArgumentException">The name is not a plain word or is already taken.</exception>
    public string Add(string name, TokenScope scope)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"token name '{name}': use 1 to 64 letters, digits, '-', '_' or '.'");
        }
        if (File.Exists(Path) && Lines().Any(l => l.Name == name))
        {
            throw new ArgumentException($"token name '{name}' is already in {Path}");
        }
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var line = $"{name} {scope.ToString().ToLowerInvariant()} {Hash(token)}\n";
        var created = !File.Exists(Path);
        File.AppendAllText(Path, line);
        if (created && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return token;
    }

    /// <summary>The caller a bearer token belongs to, or null for an unknown token.</summary>
    public Caller? Find(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return null;
        }
        return Current().GetValueOrDefault(Hash(token));
    }

    private Dictionary<string, Caller> Current()
    {
        var info = new FileInfo(Path);
        lock (_gate)
        {
            if (_loaded is { } loaded && info.Exists && loaded.Written == info.LastWriteTimeUtc && loaded.Length == info.Length)
            {
                return loaded.ByHash;
            }
            var byHash = info.Exists ? Lines().ToDictionary(l => l.Hash, l => new Caller(l.Name, l.Scope), StringComparer.Ordinal) : [];
            _loaded = (info.Exists ? info.LastWriteTimeUtc : default, info.Exists ? info.Length : 0, byHash);
            return byHash;
        }
    }

    private IEnumerable<(string Name, TokenScope Scope, string Hash)> Lines()
    {
        foreach (var line in File.ReadLines(Path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && Enum.TryParse<TokenScope>(parts[1], ignoreCase: true, out var scope) && parts[2].Length == 64)
            {
                yield return (parts[0], scope, parts[2]);
            }
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
