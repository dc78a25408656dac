using System.Text;
using Palisade.Images.Analyzers;
using Palisade.Images.Filesystem;
using Palisade.Images.Layers;
using Palisade.Images.Sources;
using Palisade.TestSupport;

namespace Palisade.Images.Tests;

/// <summary>Hostile or broken layers: each is a clear problem naming the layer, and the rest of the image is still read.</summary>
public sealed class BadLayerTests
{
    private static readonly LayerEntry Alpine = LayerEntry.Text("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n");
    private static readonly LayerEntry ApkDb = LayerEntry.Text("lib/apk/db/installed", "P:musl\nV:1.2.4-r2\no:musl\n\n");

    private static string NewDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-bad-layers", Guid.NewGuid().ToString("N"))).FullName;

    private static (ImageInventory Inventory, IReadOnlyList<Packages.AnalysisProblem> Problems) Read(TestImage.Built built, LayerLimits? limits = null)
    {
        using var image = OciLayout.Open(built.Directory);
        var (tree, problems) = LayeredTree.Build(image.Layers, PackageAnalyzers.Wanted, null, limits);
        return (ImageAnalysis.Inventory(image.Reference, tree, problems), problems);
    }

    [Fact]
    public void A_truncated_layer_is_reported_and_the_other_layers_are_read()
    {
        var built = TestImage.Layout(NewDirectory(), [[Alpine, ApkDb], [LayerEntry.Text("app/big", new string('x', 200_000))]]);
        var path = TestImage.BlobPath(built.Directory, built.LayerDigests[1]);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..200]);
        var (inventory, problems) = Read(built);
        Assert.Contains(problems, p => p.Path.Contains(built.LayerDigests[1], StringComparison.Ordinal));
        Assert.Equal("musl", Assert.Single(inventory.Packages).Name);
    }

    [Fact]
    public void A_layer_that_does_not_match_its_digest_is_reported()
    {
        var built = TestImage.Layout(NewDirectory(), [[Alpine, ApkDb], [LayerEntry.Text("app/a", "one")]]);
        File.WriteAllBytes(TestImage.BlobPath(built.Directory, built.LayerDigests[1]), TestImage.Gzip(TestImage.LayerTar([LayerEntry.Text("app/a", "two")])));
        var (inventory, problems) = Read(built);
        Assert.Contains(problems, p => p.Message.Contains("digest mismatch", StringComparison.Ordinal));
        Assert.Single(inventory.Packages);
    }

    [Fact]
    public void Entries_that_climb_out_of_the_root_are_ignored_and_named()
    {
        var built = TestImage.Layout(NewDirectory(), [[Alpine, ApkDb, LayerEntry.Text("../../../etc/cron.d/evil", "* * * * * root sh")]]);
        var (inventory, problems) = Read(built);
        Assert.Contains(problems, p => p.Message.Contains("'../../../etc/cron.d/evil' leaves the image root", StringComparison.Ordinal));
        Assert.Single(inventory.Packages);
    }

    [Fact]
    public void A_decompression_bomb_stops_at_the_cap()
    {
        var bomb = new LayerEntry("var/zeros", new byte[8 * 1024 * 1024]);
        var built = TestImage.Layout(NewDirectory(), [[Alpine, ApkDb], [bomb]]);
        Assert.True(new FileInfo(TestImage.BlobPath(built.Directory, built.LayerDigests[1])).Length < 100_000);
        var (inventory, problems) = Read(built, new LayerLimits(1024 * 1024, 1024 * 1024, 1000));
        Assert.Contains(problems, p => p.Message.Contains("decompression bomb", StringComparison.Ordinal));
        Assert.Single(inventory.Packages);
    }

    [Fact]
    public void Data_hidden_after_the_end_of_the_archive_is_capped()
    {
        var tar = TestImage.LayerTar([LayerEntry.Text("app/a", "x")]).Concat(new byte[4 * 1024 * 1024]).ToArray();
        var layer = new LayerRef("padded", () => new MemoryStream(TestImage.Gzip(tar)), null, null);
        var (_, problems) = LayeredTree.Build([layer], _ => true, null, new LayerLimits(1024 * 1024, 1024, 1000));
        Assert.Contains(problems, p => p.Message.Contains("follow the end of the archive", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_layer_media_type_is_a_clear_error()
    {
        var built = TestImage.Layout(NewDirectory(), [[Alpine]]);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(built.Manifest)!;
        manifest["layers"]![0]!["mediaType"] = "application/vnd.example.helm.chart";
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        File.WriteAllBytes(TestImage.BlobPath(built.Directory, TestImage.Digest(bytes)), bytes);
        File.WriteAllText(Path.Combine(built.Directory, "index.json"), File.ReadAllText(Path.Combine(built.Directory, "index.json")).Replace(built.ManifestDigest, TestImage.Digest(bytes), StringComparison.Ordinal)
            .Replace($"\"size\":{built.Manifest.Length}", $"\"size\":{bytes.Length}", StringComparison.Ordinal));
        var error = Assert.Throws<InvalidDataException>(() => OciLayout.Open(built.Directory));
        Assert.Contains("unknown media type 'application/vnd.example.helm.chart'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_package_database_is_a_problem_and_other_packages_are_still_found()
    {
        var built = TestImage.Layout(NewDirectory(),
            [[Alpine, ApkDb, LayerEntry.Text("var/lib/dpkg/status", "Package: broken\nVersion 1.0 without a colon\n\n"),
              new LayerEntry("app/package-lock.json", Encoding.UTF8.GetBytes("{ \"packages\": { \"node_modules/x\": "))]]);
        var (inventory, _) = Read(built);
        Assert.Contains(inventory.Problems, p => p.Path == "/app/package-lock.json");
        Assert.Contains(inventory.Problems, p => p.Path.Contains("dpkg", StringComparison.Ordinal));
        Assert.Equal("musl", Assert.Single(inventory.Packages).Name);
    }
}

/// <summary>An OCI archive (skopeo/buildah `oci-archive:`): the layout's files inside one tar.</summary>
public sealed class OciArchiveTests
{
    [Fact]
    public void An_oci_archive_is_read_like_the_layout_it_contains()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-oci-archive", Guid.NewGuid().ToString("N"))).FullName;
        TestImage.Layout(Path.Combine(directory, "layout"),
            [[LayerEntry.Text("etc/os-release", "ID=wolfi\nVERSION_ID=20230201\n"), LayerEntry.Text("lib/apk/db/installed", "P:glibc\nV:2.38-r5\no:glibc\n\n")]]);
        var archive = Path.Combine(directory, "image.oci.tar");
        System.Formats.Tar.TarFile.CreateFromDirectory(Path.Combine(directory, "layout"), archive, includeBaseDirectory: false);
        using var image = DockerArchive.Open(archive);
        var inventory = ImageAnalysis.Inventory(image);
        Assert.Equal(("wolfi", "glibc"), (inventory.OperatingSystem!.Family!.Name, inventory.Packages.Single().Name));
        Assert.Equal("Wolfi", inventory.OperatingSystem.Family.Ecosystem(inventory.OperatingSystem.Id, inventory.OperatingSystem.Version));
    }
}
