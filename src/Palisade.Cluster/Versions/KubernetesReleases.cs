using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Palisade.Cluster.Versions;

/// <summary>One Kubernetes minor release: when it came out, its newest patch, and when it stops receiving patches.</summary>
public sealed record MinorRelease(int Minor, DateOnly Released, string LatestPatch, DateOnly EndOfLife, bool Estimated);

/// <summary>
/// The upstream support calendar, as data: shipped with Palisade (Data/kubernetes-releases.json) and replaceable with
/// a newer file (--releases), in the same shape as the derived table the project keeps. Only the newest three minors
/// receive patches; each gets about fourteen months.
/// </summary>
public sealed class KubernetesReleases(IReadOnlyList<MinorRelease> minors)
{
    public IReadOnlyList<MinorRelease> Minors { get; } = minors;

    public MinorRelease? Find(int minor) => Minors.FirstOrDefault(m => m.Minor == minor);

    /// <summary>The minors still receiving patches on the given day.</summary>
    public IReadOnlyList<MinorRelease> Supported(DateOnly today) => [.. Minors.Where(m => m.Released <= today && m.EndOfLife >= today).OrderByDescending(m => m.Minor)];

    public static KubernetesReleases Shipped()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Palisade.Cluster.Data.kubernetes-releases.json")
            ?? throw new InvalidOperationException("kubernetes-releases.json is not embedded");
        return Parse(stream, "kubernetes-releases.json");
    }

    public static KubernetesReleases Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, path);
    }

    private static KubernetesReleases Parse(Stream stream, string origin)
    {
        try
        {
            using var document = JsonDocument.Parse(stream);
            var minors = new List<MinorRelease>();
            foreach (var entry in document.RootElement.GetProperty("minors").EnumerateArray())
            {
                var minor = entry.GetProperty("minor").GetString()!;
                minors.Add(new MinorRelease(
                    int.Parse(minor.Split('.')[1], CultureInfo.InvariantCulture),
                    DateOnly.Parse(entry.GetProperty("first_release_date").GetString()!, CultureInfo.InvariantCulture),
                    entry.GetProperty("latest_patch").GetString()!,
                    DateOnly.Parse(entry.GetProperty("eol_date").GetString()!, CultureInfo.InvariantCulture),
                    entry.TryGetProperty("estimated", out var estimated) ? estimated.ValueKind == JsonValueKind.True
                        : entry.TryGetProperty("eol_source", out var source) && source.GetString()?.StartsWith("ESTIMATED", StringComparison.Ordinal) == true));
            }
            return new KubernetesReleases(minors);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or NullReferenceException)
        {
            throw new InvalidDataException($"{origin}: not a Kubernetes release table ({ex.Message})", ex);
        }
    }
}

/// <summary>A Kubernetes version as components report it: v1.29.4, v1.29.4+k3s1, v1.29.4-eks-036c24b.</summary>
public sealed record KubeVersion(int Major, int Minor, int Patch, string Text)
{
    public string Plain => $"{Major}.{Minor}.{Patch}";

    public static KubeVersion? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var core = text.Trim().TrimStart('v');
        var end = core.IndexOfAny(['-', '+']);
        var parts = (end < 0 ? core : core[..end]).Split('.');
        return parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var major) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var minor)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var patch)
            ? new KubeVersion(major, minor, patch, text.Trim()) : null;
    }
}
