using System.Text;
using Palisade.Images.Analyzers.Language;
using Palisade.Images.Checks;
using Palisade.Images.Filesystem;
using Palisade.Images.Sources;
using Palisade.TestSupport;

namespace Palisade.Images.Tests;

/// <summary>
/// Kubernetes' own binaries (kubectl, kubelet, etcd) are 50-150 MB: their Go build info is found by streaming, in
/// bounded memory, and files that cannot be read are named, never skipped silently.
/// </summary>
public sealed class LargeBinaryTests
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static byte[] Fixture(string folder, string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, name));

    private static ImageAnalysisResult Analyse(params LayerEntry[] layer)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-image-tests", Guid.NewGuid().ToString("N"))).FullName;
        var built = TestImage.Layout(directory, [layer]);
        using var image = OciLayout.Open(built.Directory);
        return ImageAnalysis.Analyse(image, ImageConfig.Parse(image.Config), secrets: true);
    }

    private static byte[] GoBinary(int textBytes) =>
        TestImage.Elf((".text", new byte[textBytes]), (".go.buildinfo", TestImage.GoBuildInfo("go1.22.5", Encoding.UTF8.GetString(Fixture("packages", "go-modinfo.txt")))));

    [Fact]
    public void A_go_binary_over_the_in_memory_cap_still_gives_its_modules()
    {
        var result = Analyse(new LayerEntry("usr/local/bin/kube-apiserver", GoBinary(40 * 1024 * 1024), Executable));
        var packages = result.Inventory.Packages.Where(p => p.Path == "/usr/local/bin/kube-apiserver").Select(p => $"{p.Name} {p.Version}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["github.com/gin-gonic/gin v1.9.1", "golang.org/x/net v0.7.0", "stdlib 1.22.5"], packages);
        Assert.Empty(result.Inventory.Problems);
    }

    [Fact]
    public void The_magic_among_other_constants_is_not_taken_for_build_info()
    {
        // A binary that imports debug/buildinfo holds the magic as a string constant in rodata, unaligned.
        var rodata = new byte[4096];
        var magic = new byte[] { 0xFF }.Concat(Encoding.ASCII.GetBytes(" Go buildinf:")).ToArray();
        magic.CopyTo(rodata, 101);
        var binary = TestImage.Elf((".rodata", rodata), (".go.buildinfo", TestImage.GoBuildInfo("go1.22.5", "path\texample.com/tool\nmod\texample.com/tool\t(devel)\t\n")));
        using var stream = new MemoryStream(binary);
        var info = GoBuildInfo.Read(stream);
        Assert.NotNull(info);
        Assert.Equal("go1.22.5", info.GoVersion);
        Assert.Equal("example.com/tool", info.MainPath);
    }

    [Fact]
    public void Build_info_split_across_read_chunks_is_found()
    {
        foreach (var text in new[] { (4 * 1024 * 1024) - 192, (4 * 1024 * 1024) - 64, (3 * 1024 * 1024) + 48 })
        {
            using var stream = new MemoryStream(GoBinary(text));
            Assert.Equal("go1.22.5", GoBuildInfo.Read(stream)?.GoVersion);
        }
    }

    [Fact]
    public void A_java_archive_over_the_cap_is_named_in_a_notice()
    {
        var result = Analyse(new LayerEntry("opt/app/huge.jar", new byte[33 * 1024 * 1024]));
        var problem = Assert.Single(result.Inventory.Problems);
        Assert.Equal("/opt/app/huge.jar", problem.Path);
        Assert.True(problem.IsNotice, $"{problem.Path}: {problem.Message}");
        Assert.Contains("not read", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_package_database_is_an_error_naming_it()
    {
        var result = Analyse(new LayerEntry("etc/os-release", Encoding.ASCII.GetBytes("ID=alpine\nVERSION_ID=3.20.3\n")),
            new LayerEntry("lib/apk/db/installed", new byte[40 * 1024 * 1024]));
        var problem = Assert.Single(result.Inventory.Problems);
        Assert.Equal("/lib/apk/db/installed", problem.Path);
        Assert.False(problem.IsNotice);
        Assert.Contains("packages are missing", problem.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> RealGoBinaries()
    {
        // Real Kubernetes binaries where this machine has them (kubectl from the Google Cloud SDK or Debian).
        var found = new[] { "/usr/lib/google-cloud-sdk/bin/kubectl", "/usr/bin/kubectl", "/usr/bin/etcd", "/usr/bin/docker-registry" }
            .Where(File.Exists).Select(p => new FileInfo(p).ResolveLinkTarget(true)?.FullName ?? p).Distinct().ToList();
        return found.Count > 0 ? [.. found] : ["none"];
    }

    [SkippableTheory]
    [MemberData(nameof(RealGoBinaries))]
    public void A_real_go_binary_of_any_size_gives_its_toolchain_and_modules(string path)
    {
        Skip.If(path == "none", "no real Go binary on this machine");
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-image-tests", Guid.NewGuid().ToString("N"), "usr", "bin")).FullName;
        var copy = Path.Combine(root, Path.GetFileName(path));
        File.Copy(path, copy);
        var tree = new DirectoryTree(Path.GetFullPath(Path.Combine(root, "..", "..")));
        var observer = new BinaryPackageObserver();
        tree.Walk([observer]);
        var result = observer.Result(tree);
        Assert.Contains(result.Packages, p => p.Name == "stdlib" && char.IsDigit(p.Version[0]));
        Assert.Empty(result.Problems);
    }
}
