using Palisade.Images.Analyzers;
using Palisade.Images.Filesystem;
using Palisade.Images.Layers;
using Palisade.Images.OperatingSystems;
using Palisade.Images.Packages;
using OperatingSystem = Palisade.Images.OperatingSystems.OperatingSystem;

namespace Palisade.Images;

/// <summary>What an image contains: its operating system and packages, and what could not be read.</summary>
public sealed record ImageInventory(string Reference, OperatingSystem? OperatingSystem, IReadOnlyList<Package> Packages, IReadOnlyList<AnalysisProblem> Problems);

public static class ImageAnalysis
{
    public static ImageInventory Inventory(ImageContent image)
    {
        var (tree, problems) = LayeredTree.Build(image.Layers, PackageAnalyzers.Wanted);
        return Inventory(image.Reference, tree, problems);
    }

    public static ImageInventory Inventory(string reference, IFileTree tree, IReadOnlyList<AnalysisProblem> earlier)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>(earlier);
        foreach (var analyzer in PackageAnalyzers.All)
        {
            var result = analyzer.Analyze(tree);
            packages.AddRange(result.Packages);
            problems.AddRange(result.Problems);
        }
        return new ImageInventory(reference, OsDetector.Detect(tree), packages, problems);
    }
}
