using Palisade.Images.Filesystem;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers.Language;

/// <summary>
/// Packages inside files too large to keep: Go binaries (build info), Rust binaries built with cargo auditable, and
/// Java archives. Read as each layer streams past; only those still present in the final image are reported.
/// </summary>
public sealed class BinaryPackageObserver : ILayerObserver
{
    private const long MaxBinaryBytes = 32L * 1024 * 1024;
    private readonly List<(LayerFile File, Package Package)> _found = [];
    private readonly List<AnalysisProblem> _problems = [];

    public bool WantsContent(string path, long size, UnixFileMode mode) =>
        size is > 64 and <= MaxBinaryBytes
        && (JavaArchives.IsArchive(path) || (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);

    public void Observe(LayerFile file)
    {
        if (file.Content is not { } content)
        {
            return;
        }
        var path = "/" + file.Path;
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
