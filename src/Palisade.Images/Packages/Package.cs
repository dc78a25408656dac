using Palisade.Images.Filesystem;

namespace Palisade.Images.Packages;

/// <summary>
/// An installed package: its ecosystem (deb, apk, rpm, npm…), name and version, the source package advisories are
/// filed under, and where it was found (file and layer).
/// </summary>
public sealed record Package(string Ecosystem, string Name, string Version, string Path)
{
    public string? SourceName { get; init; }
    public string? SourceVersion { get; init; }
    public string? Architecture { get; init; }
    public string? Layer { get; init; }
}

/// <summary>Something an analyzer could not read, with where; the rest of the image is still analysed.</summary>
public sealed record AnalysisProblem(string Path, int? Line, string Message)
{
    /// <summary>Something skipped on purpose and said so (the scan is complete); otherwise an input that could not be read.</summary>
    public bool IsNotice { get; init; }
}

public sealed record AnalysisResult(IReadOnlyList<Package> Packages, IReadOnlyList<AnalysisProblem> Problems)
{
    public static AnalysisResult Empty { get; } = new([], []);
}

/// <summary>Finds one kind of package in an image tree.</summary>
public interface IPackageAnalyzer
{
    string Name { get; }

    /// <summary>
    /// Whether a file (an absolute path in the image, "/var/lib/dpkg/status") is one this analyzer reads: only those
    /// are kept while layers stream past.
    /// </summary>
    bool Wants(string path);

    AnalysisResult Analyze(IFileTree tree);
}
