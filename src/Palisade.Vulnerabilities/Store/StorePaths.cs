using Palisade.Core.Files;

namespace Palisade.Vulnerabilities.Store;

/// <summary>Where the database lives: vulnerabilities.db in Palisade's cache directory.</summary>
public static class StorePaths
{
    public const string FileName = "vulnerabilities.db";

    public static string DefaultDatabase(Func<string, string?> environment) => Path.Combine(CachePaths.Directory(environment), FileName);
}
