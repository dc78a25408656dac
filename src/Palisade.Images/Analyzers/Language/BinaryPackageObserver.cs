using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// Packages inside files too large to keep: Go binaries (build info), Rust binaries built with cargo auditable, and
/// Java archives. Read as each layer streams past; only those still present in the final image are reported.
/// Executables over the in-memory cap are streamed for Go build info (bounded memory, any size); a file that cannot
/// be read is named in a notice, never skipped silently.
/// </summary>
public sealed class BinaryPackageObserver : IStreamingLayerObserver
{
    private const long MaxBinaryBytes = 32L * 1024 * 1024;
    private readonly List<(LayerFile File, Package Package)> _found = [];
    private readonly List<AnalysisProblem> _problems = [];

    public bool WantsContent(string path, long size, UnixFileMode mode) =>
        size is > 64 and <= MaxBinaryBytes
        && (JavaArchives.IsArchive(path) || (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    public bool WantsStream(string path, long size, UnixFileMode mode) =>
        size > MaxBinaryBytes && !JavaArchives.IsArchive(path) && (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    public void ObserveStream(LayerFile file, Stream content)
    {
        var path = "/" + file.Path;
        try
        {
            Span<byte> head = stackalloc byte[64];
            var read = 0;
            while (read < head.Length && content.Read(head[read..]) is var n and > 0)
            {
                read += n;
            }
            if (!ElfSections.IsElf(head[..read]))
            {
                return;
            }
            if (GoBuildInfo.Read(content) is { } info)
            {
                Add(file, GoBuildInfo.Packages(info, path));
            }
        }
        catch (InvalidDataException ex)
        {
            _problems.Add(new AnalysisProblem(path, null, ex.Message));
        }
    }

    public void Observe(LayerFile file)
    {
        var path = "/" + file.Path;
        if (file.Content is not { } content)
        {
            if (file.Size > MaxBinaryBytes && JavaArchives.IsArchive(path))
            {
                _problems.Add(new AnalysisProblem(path, null, $"Java archive of {file.Size:N0} bytes, over the {MaxBinaryBytes:N0}-byte limit: its packages were not read") { IsNotice = true });
            }
            return;
        }
        try
        {
            if (JavaArchives.IsArchive(path))
            {
                Add(file, JavaArchives.Read(content.ToArray(), path));
                return;
            }
            if (!ElfSections.IsElf(content.Span))
            {
                return;
            }
            if (GoBuildInfo.Read(content) is { } info)
            {
                Add(file, GoBuildInfo.Packages(info, path));
            }
            if (RustAuditable.Read(content, path) is { } crates)
            {
                Add(file, crates);
            }
        }
        catch (InvalidDataException ex)
        {
            _problems.Add(new AnalysisProblem(path, null, ex.Message));
        }
        catch (System.Text.Json.JsonException ex)
        {
            _problems.Add(new AnalysisProblem(path, null, $"unreadable embedded dependency data: {ex.Message}"));
        }
    }

    private void Add(LayerFile file, IEnumerable<Package> packages) =>
        _found.AddRange(packages.Select(p => (file, p with { Layer = file.Layer.Length == 0 ? null : file.Layer })));

    /// <summary>The packages whose file the final image still has, from the layer that last wrote it.</summary>
    public AnalysisResult Result(IFileTree tree) =>
        new([.. _found.Where(f => tree.StillShips(f.File)).Select(f => f.Package)], _problems);
}
