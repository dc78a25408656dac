using Palisade.Images.Analyzers.Language;
using Palisade.Images.Analyzers.Rpm;
using Palisade.Images.Packages;

namespace Palisade.Images.Analyzers;

/// <summary>Every package analyzer and the files they read, listed explicitly (no reflection).</summary>
public static class PackageAnalyzers
{
    public static IReadOnlyList<IPackageAnalyzer> All { get; } =
    [
        new DpkgAnalyzer(), new ApkAnalyzer(), new RpmAnalyzer(),
        new DotnetDepsAnalyzer(), new NpmAnalyzer(), new PythonAnalyzer(), new CargoLockAnalyzer(),
    ];

    /// <summary>The files worth keeping while layers stream past: package databases, manifests and OS identification.</summary>
    public static bool Wanted(string path) =>
        path is "etc/os-release" or "usr/lib/os-release" or "etc/alpine-release" or "etc/debian_version" or "etc/redhat-release"
            or "var/lib/dpkg/status" or "lib/apk/db/installed"
        || path.StartsWith("var/lib/dpkg/status.d/", StringComparison.Ordinal)
        || RpmAnalyzer.SqlitePaths.Concat(RpmAnalyzer.NdbPaths).Concat(RpmAnalyzer.BerkeleyPaths).Any(p => p[1..] == path)
        || LanguageManifest("/" + path);

    private static bool LanguageManifest(string path) =>
        DotnetDepsAnalyzer.Wanted(path) || NpmAnalyzer.Wanted(path) || PythonAnalyzer.Wanted(path) || CargoLockAnalyzer.Wanted(path);
}
