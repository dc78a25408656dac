using Palisade.Images.Filesystem;
using Palisade.Images.Layers;
using Palisade.Images.Sources;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>go-containerregistry's layer fixtures: whiteouts, overwritten files, Docker 25 archives.</summary>
public sealed class LayerSquashingTests
{
    private const string Mutate = "images/go-containerregistry/pkg/v1/mutate/testdata";
    private const string Tarball = "images/go-containerregistry/pkg/v1/tarball/testdata";

    private static (LayeredTree Tree, IReadOnlyList<Palisade.Images.Packages.AnalysisProblem> Problems) Squash(string archive)
    {
        using var image = DockerArchive.Open(Corpus.Require(archive));
        return LayeredTree.Build(image.Layers, _ => true);
    }

    private static string Text(IFileTree tree, string path)
    {
        using var stream = tree.Open(path) ?? throw new FileNotFoundException(path);
        return new StreamReader(stream).ReadToEnd();
    }

    [SkippableFact]
    public void A_whiteout_hides_the_file_of_a_lower_layer()
    {
        var (tree, problems) = Squash($"{Mutate}/whiteout_image.tar");
        Assert.Empty(problems);
        Assert.True(tree.Exists("/bar.txt"));
        Assert.False(tree.Exists("/foo.txt"));
        Assert.DoesNotContain(tree.Paths, p => p.Contains(".wh.", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_later_layer_replaces_a_file_with_a_link_that_resolves_inside_the_image()
    {
        var (tree, problems) = Squash($"{Mutate}/overwritten_file.tar");
        Assert.Empty(problems);
        Assert.Equal(Text(tree, "/bar.txt"), Text(tree, "/foo.txt"));
    }

    [SkippableFact]
    public void A_plain_layer_with_a_directory_whiteout_exposes_no_marker()
    {
        var layer = Corpus.Require($"{Mutate}/whiteout_dir.tar");
        var (tree, problems) = LayeredTree.Build([new LayerRef("whiteout_dir", () => File.OpenRead(layer), null, null)], _ => true);
        Assert.Empty(problems);
        Assert.DoesNotContain(tree.Paths, p => p.Contains(".wh.", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_docker_25_archive_of_oci_blobs_verifies_every_digest()
    {
        var (tree, problems) = Squash($"{Tarball}/hello-world-v25.tar");
        Assert.Empty(problems);
        Assert.True(tree.Exists("/hello"));
    }

    [SkippableFact]
    public void An_archive_without_a_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidDataException>(() => DockerArchive.Open(Corpus.Require($"{Tarball}/no_manifest.tar")));
        Assert.Contains("neither manifest.json", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_corrupted_layer_is_a_digest_mismatch_not_a_crash()
    {
        var archive = Corpus.Require($"{Mutate}/whiteout_image.tar");
        using var image = DockerArchive.Open(archive);
        var tampered = image.Layers.Select((l, i) => i == 0 ? l with { DiffId = "sha256:" + new string('0', 64) } : l).ToList();
        var (_, problems) = LayeredTree.Build(tampered, _ => true);
        Assert.Contains(problems, p => p.Message.Contains("digest mismatch", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void A_zstd_layer_reads_the_same_as_its_uncompressed_tar()
    {
        var plain = Corpus.Require("images/go-containerregistry/pkg/crane/testdata/content.tar");
        var zstd = Corpus.Require("images/go-containerregistry/pkg/crane/testdata/content.tar.zst");
        var (a, pa) = LayeredTree.Build([new LayerRef("plain", () => File.OpenRead(plain), null, null)], _ => true);
        var (b, pb) = LayeredTree.Build([new LayerRef("zstd", () => File.OpenRead(zstd), null, null)], _ => true);
        Assert.Empty(pa);
        Assert.Empty(pb);
        Assert.NotEmpty(a.Paths);
        Assert.Equal(a.Paths.Order(StringComparer.Ordinal), b.Paths.Order(StringComparer.Ordinal));
    }
}
