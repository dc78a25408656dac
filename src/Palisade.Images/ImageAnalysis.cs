using Palisade.Core.Findings;
using Palisade.Images.Analyzers;
using Palisade.Images.Analyzers.Language;
using Palisade.Images.Checks;
using Palisade.Images.Filesystem;
using Palisade.Images.Layers;
using Palisade.Images.OperatingSystems;
using Palisade.Images.Packages;
using Palisade.Images.Secrets;
using OperatingSystem = Palisade.Images.OperatingSystems.OperatingSystem;

namespace Palisade.Images;

/// <summary>What an image contains: its operating system and packages, and what could not be read.</summary>
public sealed record ImageInventory(string Reference, OperatingSystem? OperatingSystem, IReadOnlyList<Package> Packages, IReadOnlyList<AnalysisProblem> Problems)
{
    /// <summary>
    /// What identifies the image whatever it is called: the digest of its configuration (the image id, the same for
    /// its docker-archive, OCI layout and registry forms), an SBOM's named image, or a digest of the package list.
    /// </summary>
    public string? ImageId { get; init; }
}

/// <summary>Everything one pass over an image's layers yields: the inventory and the findings about its files.</summary>
public sealed record ImageAnalysisResult(ImageInventory Inventory, IReadOnlyList<Finding> SecretFindings, IReadOnlyList<Finding> FileFindings);

public static class ImageAnalysis
{
    /// <summary>Reads every layer once: packages, OS, and (when asked) secrets and setuid files as they stream past.</summary>
    public static ImageAnalysisResult Analyse(ImageContent image, ImageConfig? config, bool secrets)
    {
        var binaries = new BinaryPackageObserver();
        var secretObserver = secrets ? new LayerSecretObserver(image.Reference) : null;
        var setuid = new SetuidObserver(image.Reference);
        var observers = new List<ILayerObserver> { binaries, setuid };
        if (secretObserver is not null)
        {
            observers.Add(secretObserver);
        }
        var (tree, problems) = LayeredTree.Build(image.Layers, PackageAnalyzers.Wanted, observers);
        var inventory = Inventory(image.Reference, tree, [.. problems, .. binaries.Result(tree).Problems], binaries.Result(tree).Packages);
        return new ImageAnalysisResult(inventory, secretObserver?.Findings(tree) ?? [], setuid.Findings(tree, config?.BaseLayerCount() ?? 0));
    }

    /// <summary>A root filesystem directory: the same analyzers, with each file read from disk as needed.</summary>
    public static ImageAnalysisResult Analyse(string reference, DirectoryTree tree, bool secrets)
    {
        var binaries = new BinaryPackageObserver();
        var secretObserver = secrets ? new LayerSecretObserver(reference) : null;
        var observers = new List<ILayerObserver> { binaries };
        if (secretObserver is not null)
        {
            observers.Add(secretObserver);
        }
        tree.Walk(observers);
        var found = binaries.Result(tree);
        return new ImageAnalysisResult(Inventory(reference, tree, found.Problems, found.Packages), secretObserver?.Findings(tree) ?? [], []);
    }

    public static ImageInventory Inventory(ImageContent image) => Analyse(image, null, secrets: false).Inventory;

    public static ImageInventory Inventory(string reference, IFileTree tree, IReadOnlyList<AnalysisProblem> earlier, IReadOnlyList<Package>? extra = null)
    {
        var packages = new List<Package>();
        var problems = new List<AnalysisProblem>(earlier);
        foreach (var analyzer in PackageAnalyzers.All)
        {
            var result = analyzer.Analyze(tree);
            packages.AddRange(result.Packages);
            problems.AddRange(result.Problems);
        }
        packages.AddRange(extra ?? []);
        return new ImageInventory(reference, OsDetector.Detect(tree), packages, problems);
    }
}
