using Palisade.Images.Filesystem;
using Palisade.Images.Sources;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>Trivy's and go-containerregistry's OCI layouts, good and broken.</summary>
public sealed class OciLayoutTests
{
    private const string Trivy = "images/trivy/oci-layouts";
    private const string Gcr = "images/go-containerregistry/pkg/v1/layout/testdata";

    [SkippableFact]
    public void A_layout_is_read_and_its_layers_verify()
    {
        using var image = OciLayout.Open(Corpus.Require($"{Trivy}/test.oci"));
        var (tree, problems) = LayeredTree.Build(image.Layers, _ => true);
        Assert.Empty(problems);
        Assert.NotEmpty(tree.Paths);
    }

    [SkippableFact]
    public void An_image_is_selected_by_tag()
    {
        using var image = OciLayout.Open(Corpus.Require($"{Trivy}/test_image_tag.oci"), tag: "0.0.1");
        Assert.EndsWith(":0.0.1", image.Reference, StringComparison.Ordinal);
        var missing = Assert.Throws<InvalidDataException>(() => OciLayout.Open(Corpus.Require($"{Trivy}/test_image_tag.oci"), tag: "9.9.9"));
        Assert.Contains("known: 0.0.1", missing.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("test_bad_index_json.oci", "not valid JSON")]
    [InlineData("test_no_valid_manifests.oci", "lists no manifests")]
    [InlineData("test_invalid_oci_image.oci", "unsupported media type 'application/badmedia+json'")]
    [InlineData("test_index_json_dir.oci", "no index.json file")]
    public void Broken_layouts_give_a_clear_error(string layout, string expected)
    {
        var error = Assert.Throws<InvalidDataException>(() => OciLayout.Open(Corpus.Require($"{Trivy}/{layout}")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("4")]
    public void Nested_indexes_and_manifest_lists_are_followed(string tag)
    {
        using var image = OciLayout.Open(Corpus.Require($"{Gcr}/test_index"), tag: tag);
        Assert.NotEmpty(image.Config);
    }
}
