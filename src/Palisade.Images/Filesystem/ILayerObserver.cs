namespace Palisade.Images.Filesystem;

/// <summary>A regular file as it streams past in one layer, before squashing: later layers may hide it.</summary>
public sealed record LayerFile(string Layer, int LayerIndex, string Path, UnixFileMode Mode, long Size)
{
    /// <summary>
    /// The bytes, when an observer asked for them and the file is under the size cap. Valid only during
    /// <see cref="ILayerObserver.Observe"/>: copy what must outlive the call.
    /// </summary>
    public ReadOnlyMemory<byte>? Content { get; init; }

    public bool IsExecutable => (Mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}

/// <summary>
/// Sees every regular file of every layer once, while the layers stream (secrets, setuid bits, binaries and archives
/// that are too large to keep): nothing is extracted to disk and nothing is kept unless the observer keeps it.
/// </summary>
public interface ILayerObserver
{
    /// <summary>Whether <see cref="Observe"/> needs the content of this file (read once, capped, then dropped).</summary>
    bool WantsContent(string path, long size, UnixFileMode mode);

    void Observe(LayerFile file);
}

/// <summary>
/// An observer that reads files too large to hold (Kubernetes' own binaries are 50-150 MB) as a forward-only stream,
/// in bounded memory. Offered only files no observer wants whole; the stream is valid only during the call.
/// </summary>
public interface IStreamingLayerObserver : ILayerObserver
{
    bool WantsStream(string path, long size, UnixFileMode mode);

    void ObserveStream(LayerFile file, Stream content);
}

public static class LayerFiles
{
    /// <summary>Whether the final image still has this file as this layer wrote it (a directory tree is one layer "").</summary>
    public static bool StillShips(this IFileTree tree, LayerFile file)
    {
        var path = "/" + file.Path;
        return (tree.LayerOf(path) ?? (tree.Exists(path) ? "" : null)) == file.Layer;
    }
}
