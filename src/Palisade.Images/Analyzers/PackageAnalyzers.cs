using Palisade.Core.Registration;
using Palisade.Images.OperatingSystems;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers;

/// <summary>Every package analyzer (found at build time by the registration generator, no reflection) and the files they read.</summary>
public static partial class PackageAnalyzers
{
    [Discovered]
    private static partial IReadOnlyList<IPackageAnalyzer> Discovered();

    public static IReadOnlyList<IPackageAnalyzer> All { get; } = Discovered();

    /// <summary>
    /// The files worth keeping while layers stream past (a layer path, without the leading slash): what the OS
    /// detector and each analyzer say they read.
    /// </summary>
    public static bool Wanted(string path)
    {
        var absolute = "/" + path;
        return OsDetector.Wants(absolute) || All.Any(analyzer => analyzer.Wants(absolute));
    }
}
