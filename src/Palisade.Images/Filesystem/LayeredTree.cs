using System.Formats.Tar;
using Palisade.Images.Layers;
using Palisade.Images.Packages;

namespace Palisade.Images.Filesystem;

/// <summary>
/// The squashed view of an image's layers, built in one pass over the layer streams: whiteouts (.wh.NAME and the
/// opaque .wh..wh..opq) hide lower layers, later layers win, links are resolved inside the image, and only the files
/// analyzers ask for are kept in memory (capped), so nothing is extracted to disk.
/// </summary>
public sealed record LayerLimits(long MaxLayerBytes, long MaxKeptFile, int MaxEntries)
{
    public static LayerLimits Default { get; } = new(16L * 1024 * 1024 * 1024, 32 * 1024 * 1024, 2_000_000);
}

public sealed class LayeredTree : IFileTree
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";

    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    private LayeredTree()
    {
    }

    /// <summary>Hands a large file to the first streaming observer that wants it (the stream reads forward once).</summary>
    internal static void Stream(IReadOnlyList<ILayerObserver> observers, LayerFile file, Stream content)
    {
        foreach (var observer in observers)
        {
            if (observer is IStreamingLayerObserver streaming && streaming.WantsStream(file.Path, file.Size, file.Mode))
            {
                streaming.ObserveStream(file, content);
                return;
            }
        }
    }

    private sealed record Node(string Layer, TarEntryType Type, string? LinkTarget, byte[]? Content, long Size, UnixFileMode Mode);

    public IReadOnlyCollection<string> Paths => _nodes.Keys;

    public static (LayeredTree Tree, IReadOnlyList<AnalysisProblem> Problems) Build(IReadOnlyList<LayerRef> layers, Func<string, bool> wanted, IReadOnlyList<ILayerObserver>? observers = null, LayerLimits? limits = null)
    {
        limits ??= LayerLimits.Default;
        var tree = new LayeredTree();
        var problems = new List<AnalysisProblem>();
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            try
            {
                tree.Apply(layer, index, wanted, observers ?? [], limits, problems);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"unreadable layer: {ex.Message}"));
            }
        }
        return (tree, problems);
    }

    private void Apply(LayerRef layer, int index, Func<string, bool> wanted, IReadOnlyList<ILayerObserver> observers, LayerLimits limits, List<AnalysisProblem> problems)
    {
        using var worker = new HashWorker();
        using var blob = new HashingStream(layer.Open(), worker);
        using var uncompressed = new HashingStream(Decompression.Open(blob), worker);
        using var reader = new TarReader(uncompressed);
        var thisLayer = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        var entries = 0;
        while (true)
        {
            TarEntry? entry;
            try
            {
                entry = reader.GetNextEntry();
            }
            catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or FormatException)
            {
                // Old umoci writes layers without the end-of-archive footer; anything after the last member is lost.
                problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"tar ends without a proper footer ({ex.Message}); the members before it were read"));
                break;
            }
            if (entry is null)
            {
                break;
            }
            total += entry.Length;
            if (total > limits.MaxLayerBytes || ++entries > limits.MaxEntries)
            {
                problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"layer expands beyond {limits.MaxLayerBytes:N0} bytes or {limits.MaxEntries:N0} entries (a decompression bomb?); the rest of it is not read"));
                return;
            }
            if (Normalize(entry.Name) is not { } path)
            {
                problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"entry '{entry.Name}' leaves the image root; ignored"));
                continue;
            }
            var name = path[(path.LastIndexOf('/') + 1)..];
            var directory = path[..Math.Max(path.LastIndexOf('/'), 0)];
            if (name == OpaqueMarker)
            {
                RemoveBelow(directory, thisLayer, includeSelf: false);
                continue;
            }
            if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                RemoveBelow(Combine(directory, name[WhiteoutPrefix.Length..]), thisLayer, includeSelf: true);
                continue;
            }
            byte[]? content = null;
            string? linkTarget = entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink ? entry.LinkName : null;
            if (entry.EntryType == TarEntryType.HardLink && Normalize(entry.LinkName) is { } target && _nodes.TryGetValue(target, out var original))
            {
                // A hard link shares its target's content: record it as a regular file.
                _nodes[path] = original with { Layer = layer.Id, Mode = entry.Mode };
                thisLayer.Add(path);
                continue;
            }
            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            {
                var keep = wanted(path);
                var watchers = observers.Where(o => o.WantsContent(path, entry.Length, entry.Mode)).ToList();
                byte[]? rented = null;
                var length = (int)Math.Min(entry.Length, limits.MaxKeptFile);
                if ((keep || watchers.Count > 0) && entry.DataStream is { } data && entry.Length <= limits.MaxKeptFile)
                {
                    // Observers only look while the layer streams past: a pooled buffer spares the collector.
                    rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
                    data.ReadExactly(rented.AsSpan(0, length));
                }
                else if (keep && entry.Length > limits.MaxKeptFile)
                {
                    problems.Add(new AnalysisProblem("/" + path, null, $"{entry.Length:N0} bytes, over the {limits.MaxKeptFile:N0}-byte limit for a package database: not read, so its packages are missing"));
                }
                else if (watchers.Count == 0 && entry.DataStream is { } stream)
                {
                    Stream(observers, new LayerFile(layer.Id, index, path, entry.Mode, entry.Length), stream);
                }
                content = keep && rented is not null ? rented.AsSpan(0, length).ToArray() : null;
                foreach (var observer in observers)
                {
                    observer.Observe(new LayerFile(layer.Id, index, path, entry.Mode, entry.Length) { Content = watchers.Contains(observer) && rented is not null ? rented.AsMemory(0, length) : (ReadOnlyMemory<byte>?)null });
                }
                if (rented is not null)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(rented);
                }
            }
            _nodes[path] = new Node(layer.Id, entry.EntryType, linkTarget, content, entry.Length, entry.Mode);
            thisLayer.Add(path);
        }
        if (!uncompressed.Drain(limits.MaxLayerBytes))
        {
            problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"more than {limits.MaxLayerBytes:N0} bytes follow the end of the archive (a decompression bomb?); digests not verified"));
            return;
        }
        blob.Drain();
        if (layer.DiffId is { } diffId && uncompressed.Digest() != diffId)
        {
            problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"digest mismatch: uncompressed layer is {uncompressed.Digest()}, the config says {diffId}"));
        }
        if (layer.BlobDigest is { } blobDigest && blob.Digest() != blobDigest)
        {
            problems.Add(new AnalysisProblem($"layer {layer.Id}", null, $"digest mismatch: blob is {blob.Digest()}, the manifest says {blobDigest}"));
        }
    }

    private void RemoveBelow(string path, HashSet<string> thisLayer, bool includeSelf)
    {
        var prefix = path.Length == 0 ? "" : path + "/";
        foreach (var key in _nodes.Keys.Where(k => ((includeSelf && k == path) || k.StartsWith(prefix, StringComparison.Ordinal)) && !thisLayer.Contains(k)).ToList())
        {
            _nodes.Remove(key);
        }
    }

    public bool Exists(string path) => Resolve(path) is not null;

    public Stream? Open(string path) => Resolve(path) is { Content: { } content } ? new MemoryStream(content, writable: false) : null;

    public IEnumerable<string> Files(string directory)
    {
        var prefix = (Normalize(directory) ?? "") + "/";
        return _nodes.Where(n => n.Key.StartsWith(prefix, StringComparison.Ordinal) && !n.Key[prefix.Length..].Contains('/', StringComparison.Ordinal)
                && n.Value.Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
            .Select(n => "/" + n.Key).Order(StringComparer.Ordinal);
    }

    public string? LayerOf(string path) => Resolve(path)?.Layer;

    public IEnumerable<string> Find(Func<string, bool> predicate) =>
        _nodes.Where(n => n.Value.Type is TarEntryType.RegularFile or TarEntryType.V7RegularFile && predicate("/" + n.Key)).Select(n => "/" + n.Key).Order(StringComparer.Ordinal);

    /// <summary>Follows symbolic links (relative to their folder, absolute to the image root), never outside it.</summary>
    private Node? Resolve(string path)
    {
        var current = Normalize(path);
        for (var hops = 0; current is not null && hops < 40; hops++)
        {
            if (!_nodes.TryGetValue(current, out var node))
            {
                return null;
            }
            if (node.Type != TarEntryType.SymbolicLink || node.LinkTarget is null)
            {
                return node;
            }
            var folder = current.Contains('/', StringComparison.Ordinal) ? current[..current.LastIndexOf('/')] : "";
            current = Normalize(node.LinkTarget.StartsWith('/') ? node.LinkTarget : Combine(folder, node.LinkTarget));
        }
        return null;
    }

    /// <summary>A path inside the image without ".", "..", or leading slashes; null when it would leave the root.</summary>
    internal static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }

    private static string Combine(string directory, string name) => directory.Length == 0 ? name : $"{directory}/{name}";
}
