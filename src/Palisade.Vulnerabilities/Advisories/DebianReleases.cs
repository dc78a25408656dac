using System.Reflection;

namespace Palisade.Vulnerabilities.Advisories;

/// <summary>Debian release code names and numbers (from distro-info-data), shipped as data: "bookworm" is Debian 12.</summary>
public static class DebianReleases
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Table = new(Load);

    public static string? VersionOf(string codename) => Table.Value.GetValueOrDefault(codename.ToLowerInvariant());

    private static IReadOnlyDictionary<string, string> Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Palisade.Vulnerabilities.Data.debian-releases.csv")
            ?? throw new InvalidOperationException("debian-releases.csv is not embedded");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(',');
            if (parts.Length == 2)
            {
                table[parts[0]] = parts[1];
            }
        }
        return table;
    }
}
