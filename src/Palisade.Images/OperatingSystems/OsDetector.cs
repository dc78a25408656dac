using Palisade.Images.Filesystem;

namespace Palisade.Images.OperatingSystems;

/// <summary>An image's operating system: its family, os-release id and version, and the file that said so.</summary>
public sealed record OperatingSystem(OsFamily? Family, string Id, string Version, string PrettyName, string Source);

/// <summary>
/// Reads /etc/os-release, then /usr/lib/os-release, then the older release files (alpine-release, debian_version,
/// redhat-release) for images that lack os-release.
/// </summary>
public static class OsDetector
{
    private static readonly HashSet<string> ReleaseFiles = ["/etc/os-release", "/usr/lib/os-release", "/etc/alpine-release", "/etc/debian_version", "/etc/redhat-release"];

    /// <summary>The files the detector reads, kept while layers stream past.</summary>
    public static bool Wants(string path) => ReleaseFiles.Contains(path);

    public static OperatingSystem? Detect(IFileTree tree)
    {
        foreach (var path in new[] { "/etc/os-release", "/usr/lib/os-release" })
        {
            if (Read(tree, path) is { } text)
            {
                var fields = ParseOsRelease(text);
                var id = fields.GetValueOrDefault("ID", "").ToLowerInvariant();
                var like = fields.GetValueOrDefault("ID_LIKE", "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var version = fields.GetValueOrDefault("VERSION_ID") ?? fields.GetValueOrDefault("VERSION") ?? "";
                // Debian testing and sid have no VERSION_ID: fall back to debian_version (trixie/sid).
                if (version.Length == 0 && id == "debian" && Read(tree, "/etc/debian_version") is { } debian)
                {
                    version = debian.Trim();
                }
                return new OperatingSystem(OsFamilies.For(id, like), id, version, fields.GetValueOrDefault("PRETTY_NAME", id), path);
            }
        }
        if (Read(tree, "/etc/alpine-release") is { } alpine)
        {
            return new OperatingSystem(OsFamilies.For("alpine", []), "alpine", alpine.Trim(), $"Alpine Linux {alpine.Trim()}", "/etc/alpine-release");
        }
        if (Read(tree, "/etc/debian_version") is { } debianVersion)
        {
            return new OperatingSystem(OsFamilies.For("debian", []), "debian", debianVersion.Trim(), $"Debian {debianVersion.Trim()}", "/etc/debian_version");
        }
        if (Read(tree, "/etc/redhat-release") is { } redhat)
        {
            var words = redhat.Split(' ');
            var version = words.FirstOrDefault(w => w.Length > 0 && char.IsAsciiDigit(w[0])) ?? "";
            var id = redhat.StartsWith("CentOS", StringComparison.Ordinal) ? "centos" : "rhel";
            return new OperatingSystem(OsFamilies.For(id, []), id, version, redhat.Trim(), "/etc/redhat-release");
        }
        return null;
    }

    /// <summary>KEY=value lines; values may be quoted with ' or " and use backslash escapes.</summary>
    public static Dictionary<string, string> ParseOsRelease(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
            {
                continue;
            }
            var value = line[(eq + 1)..].Trim();
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
            {
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
            fields[line[..eq].Trim()] = value;
        }
        return fields;
    }

    private static string? Read(IFileTree tree, string path)
    {
        using var stream = tree.Open(path);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        var buffer = new char[64 * 1024];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, read);
    }
}
