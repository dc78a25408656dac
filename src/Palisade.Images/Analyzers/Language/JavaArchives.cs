using System.IO.Compression;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// Maven artifacts inside JAR, WAR and EAR files: every META-INF/maven/**/pom.properties, and JARs nested in them
/// (Spring Boot's BOOT-INF/lib, WEB-INF/lib), with caps on depth, entry count and expanded size.
/// </summary>
public static class JavaArchives
{
    private const int MaxDepth = 3;
    private const long MaxNestedBytes = 64L * 1024 * 1024;
    private const int MaxEntries = 100_000;

    public static bool IsArchive(string path) =>
        path.EndsWith(".jar", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".war", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".ear", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".par", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<Package> Read(byte[] content, string path)
    {
        var packages = new List<Package>();
        Walk(content, path, 0, packages);
        return packages;
    }

    private static void Walk(byte[] content, string path, int depth, List<Package> packages)
    {
        using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
        if (archive.Entries.Count > MaxEntries)
        {
            throw new InvalidDataException($"{path}: more than {MaxEntries} entries");
        }
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName.StartsWith("META-INF/maven/", StringComparison.Ordinal) && entry.Name == "pom.properties")
            {
                var properties = Properties(ReadEntry(entry, 1024 * 1024));
                if (properties.GetValueOrDefault("groupId") is { Length: > 0 } group && properties.GetValueOrDefault("artifactId") is { Length: > 0 } artifact
                    && properties.GetValueOrDefault("version") is { Length: > 0 } version)
                {
                    packages.Add(new Package("Maven", $"{group}:{artifact}", version, path));
                }
            }
            else if (depth < MaxDepth && IsArchive(entry.Name) && entry.Length <= MaxNestedBytes)
            {
                try
                {
                    Walk(ReadEntry(entry, MaxNestedBytes), $"{path}!/{entry.FullName}", depth + 1, packages);
                }
                catch (InvalidDataException)
                {
                    // A nested archive that is not a zip is data, not a dependency; the outer archive is still read.
                }
            }
        }
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry, long cap)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                throw new InvalidDataException($"{entry.FullName} expands beyond {cap} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Dictionary<string, string> Properties(byte[] bytes)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in System.Text.Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            var line = raw.Trim();
            var separator = line.IndexOfAny(['=', ':']);
            if (line.Length > 0 && line[0] is not ('#' or '!') && separator > 0)
            {
                values[line[..separator].Trim()] = line[(separator + 1)..].Trim();
            }
        }
        return values;
    }
}
