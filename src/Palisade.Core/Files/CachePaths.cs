namespace Palisade.Core.Files;

/// <summary>Where Palisade keeps what it downloads and queues: $XDG_CACHE_HOME/palisade/, else ~/.cache/palisade/.</summary>
public static class CachePaths
{
    public static string Directory(Func<string, string?> environment)
    {
        var cache = environment("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
        {
            var home = environment("HOME");
            cache = Path.Combine(string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home, ".cache");
        }
        return Path.Combine(cache, "palisade");
    }
}
