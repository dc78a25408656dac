using System.Text.Json;
using Palisade.Images;
using Palisade.Images.Sources;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>The real `docker save` archive of alpine:3.11 (../shared/corpora/images/trivy).</summary>
public sealed class ImageArchiveTests
{
    [SkippableFact]
    public void Alpine_311_archive_gives_its_os_and_exactly_its_apk_packages()
    {
        var archive = Corpus.Require("images/trivy/docker-archive/alpine-311.tar.gz");
        using var expectedDocument = JsonDocument.Parse(File.ReadAllText(Corpus.Require("images/trivy/expected-packages.json")));
        var expected = expectedDocument.RootElement.GetProperty("alpine-311.tar.gz");
        using var image = DockerArchive.Open(archive);
        var inventory = ImageAnalysis.Inventory(image);

        Assert.Empty(inventory.Problems);
        Assert.Equal("alpine:3.11", inventory.Reference);
        Assert.Equal(("alpine", "alpine", expected.GetProperty("alpine_release").GetString()),
            (inventory.OperatingSystem!.Family!.Name, inventory.OperatingSystem.Id, inventory.OperatingSystem.Version));
        var want = expected.GetProperty("apk_packages").EnumerateArray()
            .Select(p => $"{p.GetProperty("name").GetString()} {p.GetProperty("version").GetString()} {p.GetProperty("arch").GetString()} {p.GetProperty("origin").GetString()}")
            .Order(StringComparer.Ordinal).ToList();
        var got = inventory.Packages.Select(p => $"{p.Name} {p.Version} {p.Architecture} {p.SourceName}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(want, got);
        Assert.All(inventory.Packages, p => Assert.Equal(image.Layers[0].Id, p.Layer));
    }
}
