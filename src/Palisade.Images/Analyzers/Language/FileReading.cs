using System.Text;
using Palisade.Images.Filesystem;

namespace Palisade.Images.Analyzers.Language;

internal static class FileReading
{
    public const long MaxManifestBytes = 16 * 1024 * 1024;

    /// <summary>A small text file from the tree, or null when it is missing or over the cap.</summary>
    public static string? Text(IFileTree tree, string path)
    {
        using var stream = tree.Open(path);
        if (stream is null || (stream.CanSeek && stream.Length > MaxManifestBytes))
        {
            return null;
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
