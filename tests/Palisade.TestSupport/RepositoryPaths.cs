namespace Palisade.TestSupport;

/// <summary>Finds the repository root and the shared corpora next to it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpora => Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpora"));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    }
}
