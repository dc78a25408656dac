using Palisade.Images.Filesystem;
using Palisade.Images.OperatingSystems;

namespace Palisade.Images.Tests;

/// <summary>os-release files as each distribution ships them (Fixtures/os-release/&lt;distro&gt;).</summary>
public sealed class OperatingSystemTests
{
    private static Images.OperatingSystems.OperatingSystem? Detect(string fixture, params (string Path, string Text)[] extra)
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-os", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(root, "etc"));
        if (fixture.Length > 0)
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "os-release", fixture), Path.Join(root, "etc", "os-release"));
        }
        foreach (var (path, text) in extra)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Join(root, path))!);
            File.WriteAllText(Path.Join(root, path), text);
        }
        return OsDetector.Detect(new DirectoryTree(root));
    }

    [Theory]
    [InlineData("ubuntu", "ubuntu", "24.04", "dpkg")]
    [InlineData("alpine", "alpine", "3.20.3", "apk")]
    [InlineData("wolfi", "wolfi", "20230201", "apk")]
    [InlineData("rocky", "rocky", "9.4", "rpm")]
    [InlineData("rhel", "rhel", "9.4", "rpm")]
    [InlineData("fedora", "fedora", "40", "rpm")]
    [InlineData("amazon", "amazon", "2023", "rpm")]
    [InlineData("sles", "suse", "15.6", "rpm")]
    [InlineData("opensuse", "suse", "15.6", "rpm")]
    [InlineData("mariner", "mariner", "2.0", "rpm")]
    [InlineData("azurelinux", "mariner", "3.0", "rpm")]
    [InlineData("distroless", "debian", "12", "dpkg")]
    public void Each_family_is_recognised_from_its_os_release(string fixture, string family, string version, string packageManager)
    {
        var os = Detect(fixture)!;
        Assert.Equal((family, version, packageManager), (os.Family!.Name, os.Version, os.Family.PackageManager));
    }

    [Theory]
    [InlineData("rhel", "9.4", "Red Hat:9")]
    [InlineData("centos", "7.9.2009", "Red Hat:7")]
    [InlineData("ol", "9.4", null)]
    [InlineData("rocky", "9.4", "Rocky Linux:9")]
    [InlineData("amzn", "2", "Amazon Linux:2")]
    [InlineData("amzn", "2023", "Amazon Linux:2023")]
    [InlineData("amzn", "2018.03", "Amazon Linux:1")]
    public void Rpm_releases_are_matched_in_the_ecosystem_their_advisories_are_filed_under(string id, string version, string? ecosystem) =>
        Assert.Equal(ecosystem, OsFamilies.For(id, [])!.Ecosystem(id, version));

    [Fact]
    public void Debian_testing_takes_its_version_from_debian_version() =>
        Assert.Equal("trixie/sid", Detect("debian-sid", ("/etc/debian_version", "trixie/sid\n"))!.Version);

    [Fact]
    public void Older_images_without_os_release_fall_back_to_release_files()
    {
        Assert.Equal(("alpine", "3.9.6"), (Detect("", ("/etc/alpine-release", "3.9.6\n"))!.Family!.Name, "3.9.6"));
        var centos = Detect("", ("/etc/redhat-release", "CentOS Linux release 7.9.2009 (Core)\n"))!;
        Assert.Equal(("rhel", "centos", "7.9.2009"), (centos.Family!.Name, centos.Id, centos.Version));
    }

    [Fact]
    public void An_image_without_any_release_file_has_no_operating_system() => Assert.Null(Detect(""));

    [Fact]
    public void Every_family_has_one_descriptor_with_distinct_ids()
    {
        var ids = OsFamilies.All.SelectMany(f => f.Ids).ToList();
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.All(OsFamilies.All, f => Assert.Contains(f.VersionScheme, new[] { "dpkg", "apk", "rpm" }));
    }
}
