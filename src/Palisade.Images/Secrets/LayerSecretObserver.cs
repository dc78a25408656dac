using Palisade.Core.Findings;
using Palisade.Images.Filesystem;

namespace Palisade.Images.Secrets;

/// <summary>
/// Looks for secrets in every text file of every layer as it streams past, including files a later layer deletes
/// (they still ship in the image). Binaries, large files and documentation trees are skipped.
/// </summary>
public sealed class LayerSecretObserver(string imageReference) : ILayerObserver
{
    private static readonly string[] SkippedTrees = ["usr/share/doc/", "usr/share/man/", "usr/share/locale/", "usr/share/zoneinfo/", "usr/share/i18n/", "proc/", "sys/"];
    private readonly List<(LayerFile File, SecretHit Hit)> _hits = [];

    public bool WantsContent(string path, long size, UnixFileMode mode) =>
        size is > 0 and <= SecretScanner.MaxFileBytes && !SkippedTrees.Any(t => path.StartsWith(t, StringComparison.Ordinal));

    public void Observe(LayerFile file)
    {
        if (file.Content is not { } content || SecretScanner.LooksBinary(content.Span))
        {
            return;
        }
        foreach (var hit in SecretScanner.Scan("/" + file.Path, content.Span))
        {
            _hits.Add((file, hit));
        }
    }

    public IReadOnlyList<Finding> Findings(IFileTree finalTree) =>
    [
        .. _hits.Select(h =>
        {
            var path = "/" + h.File.Path;
            var deleted = !finalTree.StillShips(h.File);
            var where = h.File.Layer.Length == 0 ? "" : $" (layer {h.File.LayerIndex + 1})";
            var message = $"{h.Hit.Rule.Info.Title.Replace(" in an image layer", "", StringComparison.Ordinal)} in {path}:{h.Hit.Line}{where}"
                + (deleted ? "; a later layer removes or replaces the file, but this layer still ships it" : "");
            return new Finding(h.Hit.Rule.Info,
                new Target(new SourceLocation(path, h.Hit.Line, 0), new ResourceRef("Image", null, imageReference)) { Layer = h.File.Layer.Length == 0 ? null : h.File.Layer },
                message, h.Hit.Redacted);
        }),
    ];
}
