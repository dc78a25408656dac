using System.Text;
using Palisade.Images.Sbom;

namespace Palisade.Images.Tests;

/// <summary>SBOMs from Trivy, Syft and Palisade read into the inventory an image scan gives, so they match the same way.</summary>
public sealed class SbomReaderTests
{
    [Fact]
    public async Task A_Trivy_CycloneDX_1_6_gives_its_image_id_os_and_source_packages()
    {
        var inventory = await ReadFixtureAsync("trivy-alpine.cdx.json");

        Assert.Equal("sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72", inventory.ImageId);
        Assert.Equal("alpine:3.11", inventory.Reference);
        Assert.Equal(("alpine", "3.11.5", "Alpine:v3.11"), (inventory.OperatingSystem!.Id, inventory.OperatingSystem.Version, inventory.OperatingSystem.Family!.Ecosystem("alpine", "3.11.5")));
        Assert.Equal(
            ["Maven org.apache.logging.log4j:log4j-core 2.14.1", "apk libcrypto1.1 1.1.1d-r2 source openssl", "apk musl 1.1.24-r2", "npm @babel/core 7.0.0"],
            inventory.Packages.Select(Describe).Order(StringComparer.Ordinal));
        // The application without a purl and the GitHub action cannot be matched: one notice per kind, not silence.
        Assert.Equal(
            ["1 component(s) with package URL type 'github' cannot be matched against advisories; skipped",
             "1 component(s) with no package URL cannot be matched against advisories; skipped"],
            inventory.Problems.Select(p => p.Message));
        Assert.All(inventory.Problems, p => Assert.True(p.IsNotice));
    }

    [Fact]
    public async Task A_Syft_CycloneDX_takes_source_packages_from_the_upstream_qualifier_and_the_os_from_distro()
    {
        var inventory = await ReadFixtureAsync("syft-debian.cdx.json");

        Assert.Equal("sha256:5f0f5ce2b2a0c9d2a1e0f2b9a3c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9", inventory.ImageId);
        Assert.Equal(("debian", "12"), (inventory.OperatingSystem!.Id, inventory.OperatingSystem.Version));
        Assert.Equal(
            ["Go golang.org/x/net v0.17.0", "PyPI requests 2.31.0", "deb libgnutls30 3.7.9-2 source gnutls28", "deb libssl3 3.0.11-1~deb12u1 source openssl"],
            inventory.Packages.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Empty(inventory.Problems);
    }

    [Fact]
    public async Task An_SPDX_2_3_document_gives_packages_the_rpm_epoch_and_the_container_digest()
    {
        var inventory = await ReadFixtureAsync("trivy-ubi.spdx.json");

        Assert.Equal("sha256:0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d", inventory.ImageId);
        Assert.Equal(("rhel", "9.3", "Red Hat:9"), (inventory.OperatingSystem!.Id, inventory.OperatingSystem.Version, inventory.OperatingSystem.Family!.Ecosystem("rhel", "9.3")));
        Assert.Equal(["rpm openssl-libs 1:3.0.7-24.el9 source openssl"], inventory.Packages.Select(Describe));
        Assert.Single(inventory.Problems);
    }

    [Fact]
    public async Task An_SBOM_without_an_image_is_known_by_a_digest_of_its_packages()
    {
        const string bom = """{"bomFormat":"CycloneDX","specVersion":"1.4","components":[{"type":"library","name":"lodash","version":"4.17.20","purl":"pkg:npm/lodash@4.17.20"}]}""";
        var first = await ReadAsync(bom);
        var again = await ReadAsync(bom.Replace("\"version\":\"4.17.20\",", "", StringComparison.Ordinal));

        Assert.StartsWith("inventory:sha256:", first.ImageId, StringComparison.Ordinal);
        Assert.Equal(first.ImageId, again.ImageId);
        Assert.NotEqual(first.ImageId, (await ReadAsync(bom.Replace("4.17.20", "4.17.21", StringComparison.Ordinal))).ImageId);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("""{"hello":"world"}""", "neither a CycloneDX")]
    [InlineData("""{"bomFormat":"CycloneDX","specVersion":"1.1","components":[]}""", "CycloneDX 1.1 is not supported")]
    [InlineData("""{"spdxVersion":"SPDX-3.0","packages":[]}""", "SPDX-3.0 is not supported")]
    [InlineData("""{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"x","purl":"pkg:npm/x"}]}""", null)]
    [InlineData("""{"bomFormat":"CycloneDX","specVersion":"1.5","components":{"oops":1}}""", null)]
    public async Task Malformed_documents_are_named_errors_never_crashes(string text, string? error)
    {
        if (error is null)
        {
            var inventory = await ReadAsync(text);
            Assert.Empty(inventory.Packages);
            return;
        }
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(text));
        Assert.Contains(error, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("test.json: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pkg:npm/%40angular/core@16.0.0", "npm", "@angular", "core", "16.0.0")]
    [InlineData("pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64&distro=debian-12", "deb", "debian", "curl", "7.88.1-10+deb12u5")]
    [InlineData("pkg:golang/github.com/gorilla/mux@v1.8.0#subpath", "golang", "github.com/gorilla", "mux", "v1.8.0")]
    [InlineData("pkg:pypi/Django", "pypi", null, "Django", null)]
    public void Package_urls_are_parsed_per_the_specification(string text, string type, string? @namespace, string name, string? version)
    {
        var purl = PackageUrl.TryParse(text)!;
        Assert.Equal((type, @namespace, name, version), (purl.Type, purl.Namespace, purl.Name, purl.Version));
    }

    private static string Describe(Packages.Package p) =>
        $"{p.Ecosystem} {p.Name} {p.Version}{(p.SourceName is null ? "" : $" source {p.SourceName}")}{(p.SourceVersion is null || p.SourceVersion == p.Version ? "" : $" {p.SourceVersion}")}";

    private static async Task<ImageInventory> ReadFixtureAsync(string name)
    {
        await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Fixtures", "sbom", name));
        return await SbomReader.ReadAsync(stream, name, CancellationToken.None);
    }

    private static Task<ImageInventory> ReadAsync(string text) =>
        SbomReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.json", CancellationToken.None);
}
