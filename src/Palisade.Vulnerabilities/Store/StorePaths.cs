namespace Palisade.Vulnerabilities.Store;

/// <summary>Where the database lives: $XDG_CACHE_HOME/palisade/, else ~/.cache/palisade/.</summary>
public static class StorePaths
{
    public const string FileName = "vulnerabilities.db";

    public static string DefaultDirectory(Func<string, string?> environment)
    {
        var cache = environment("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
        {
            var home = environment("HOME");
            cache = Path.Combine(string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home, ".cache");
        }
        return Path.Combine(cache, "palisade");
    }

    public static string DefaultDatabase(Func<string, string?> environment) => Path.Combine(DefaultDirectory(environment), FileName);
}
