namespace Palisade.Core.Catalog;

/// <summary>
/// Every check of every scanner, built on first use: a scan of manifests never parses benchmark or rule files. One
/// id has one definition; two sources defining the same id is a defect reported when the registry is built.
/// </summary>
public sealed class CheckRegistry(IReadOnlyList<ICheckSource> sources)
{
    private readonly Lazy<CheckCatalog> _catalog = new(() => new CheckCatalog(sources.SelectMany(s => s.Checks())), LazyThreadSafetyMode.ExecutionAndPublication);

    public IReadOnlyList<ICheckSource> Sources { get; } = sources;

    public CheckCatalog Catalog => _catalog.Value;

    /// <summary>A registry of one scanner's checks only (what a single scan command validates --check against).</summary>
    public CheckRegistry Only(string kind) => new([.. Sources.Where(s => s.Kind == kind)]);
}
