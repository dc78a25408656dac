using Palisade.Images.Analyzers.Language;
using Palisade.Images.Analyzers.Rpm;
using Palisade.Images.OperatingSystems;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers;

/// <summary>Every package analyzer and the files they read, listed explicitly (no reflection).</summary>
public static class PackageAnalyzers
{
    public static IReadOnlyList<IPackageAnalyzer> All { get; } =
    [
        new DpkgAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer(),
        new DotnetDepsAnalyzer(), new NpmAnalyzer(), new PythonAnalyzer(), new CargoLockAnalyzer(), new ComposerAnalyzer(),
    ];

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
