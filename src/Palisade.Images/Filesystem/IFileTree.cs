namespace Palisade.Images.Filesystem;

/// <summary>
/// The files of an image (a root filesystem directory, or layers squashed on demand), by absolute path. Analyzers
/// read through it and never touch the host.
/// </summary>
public interface IFileTree
{
    bool Exists(string path);

    /// <summary>The file's content, or null when it does not exist or is not a regular file.</summary>
    Stream? Open(string path);

    /// <summary>Regular files directly in <paramref name="directory"/>, in name order.</summary>
    IEnumerable<string> Files(string directory);

    /// <summary>Every regular file whose absolute path satisfies <paramref name="predicate"/>, in path order.</summary>
    IEnumerable<string> Find(Func<string, bool> predicate);

    /// <summary>The layer that last wrote the file, when the tree is made of layers.</summary>
    string? LayerOf(string path);
}
