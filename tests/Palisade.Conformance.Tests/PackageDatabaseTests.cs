using Palisade.Images.Analyzers;
using Palisade.Images.Filesystem;
using Palisade.Images.Packages;
using Palisade.TestSupport;

namespace Palisade.Conformance.Tests;

/// <summary>Real dpkg and apk databases from syft's and Trivy's test data (../shared/corpora/package-databases).</summary>
public sealed class PackageDatabaseTests
{
    private const string SyftDebian = "package-databases/syft/syft/pkg/cataloger/debian/testdata";
    private const string TrivyAnalyzers = "package-databases/trivy/pkg/fanal/analyzer/pkg";

    private static Package Single(AnalysisResult result, string name) => Assert.Single(result.Packages, p => p.Name == name);

    /// <summary>A txtar archive ("-- path --" sections) unpacked into a temporary root.</summary>
    private static DirectoryTree Txtar(string relative)
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-txtar", Guid.NewGuid().ToString("N"));
        string? current = null;
        var content = new System.Text.StringBuilder();
        void Flush()
        {
            if (current is not null)
            {
                var path = Path.Join(root, current);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content.ToString());
            }
            content.Clear();
        }
        foreach (var line in File.ReadLines(Corpus.Require(relative)))
        {
            if (line.StartsWith("-- ", StringComparison.Ordinal) && line.EndsWith(" --", StringComparison.Ordinal))
            {
                Flush();
                current = line[3..^3];
            }
            else if (current is not null)
            {
                content.Append(line).Append('\n');
            }
        }
        Flush();
        return new DirectoryTree(root);
    }

    [SkippableFact]
    public void Dpkg_status_yields_its_installed_packages_with_source()
    {
        var result = new DpkgAnalyzer().Analyze(new DirectoryTree(Corpus.Require($"{SyftDebian}/image-dpkg")));
        var pam = Single(result, "libpam-runtime");
        Assert.Equal(("1.1.8-3.6", "pam", "1.1.8-3.6"), (pam.Version, pam.SourceName, pam.SourceVersion));
        Assert.Equal("/var/lib/dpkg/status", pam.Path);
    }

    [SkippableFact]
    public void Distroless_status_d_files_are_read_and_metadata_files_skipped()
    {
        var result = new DpkgAnalyzer().Analyze(new DirectoryTree(Corpus.Require($"{SyftDebian}/image-distroless-deb")));
        var sqlite = Assert.Single(result.Packages);
        Assert.Equal(("libsqlite3-0", "3.34.1-3", "sqlite3"), (sqlite.Name, sqlite.Version, sqlite.SourceName));
        Assert.Equal("/var/lib/dpkg/status.d/libsqlite3-0", sqlite.Path);
    }

    [SkippableFact]
    public void Status_d_variants_installed_deinstalled_versionless_and_corrupt()
    {
        var result = new DpkgAnalyzer().Analyze(new DirectoryTree(Corpus.Require(SyftDebian)));
        Assert.Contains(result.Packages, p => p.Name == "apt" && p.Version == "1.8.2" && p.SourceName == "apt-dev" && p.Path.EndsWith("/single", StringComparison.Ordinal));
        Assert.Equal("2020a-0+deb10u1", Single(result, "tzdata").Version);
        var aws = Single(result, "linux-image-6.14.0-1012-aws");
        Assert.Equal(("linux-signed-aws-6.14", "6.14.0-1012.12~24.04.1"), (aws.SourceName, aws.SourceVersion));
        Assert.DoesNotContain(result.Packages, p => p.Name == "linux-image-6.8.0-1029-aws");
        Assert.Contains(result.Problems, p => p.Message.Contains("no-version has no Version", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Path.EndsWith("/corrupt", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Trivy_valid_status_gives_every_installed_package()
    {
        var result = new DpkgAnalyzer().Analyze(Txtar($"{TrivyAnalyzers}/dpkg/testdata/valid.txtar"));
        Assert.Equal(90, result.Packages.Count);
        Assert.All(result.Packages, p => Assert.True(new Vulnerabilities.Versioning.DpkgVersion().IsValid(p.Version), p.Version));
    }

    [SkippableFact]
    public void A_corrupt_dpkg_stanza_is_reported_and_the_others_kept()
    {
        var result = new DpkgAnalyzer().Analyze(Txtar($"{TrivyAnalyzers}/dpkg/testdata/corrupsed.txtar"));
        Assert.NotEmpty(result.Problems);
        Assert.Contains(result.Packages, p => p.Name == "libpam-runtime" && p.Version == "1.1.8-3.1ubuntu3");
        Assert.Contains(result.Packages, p => p.Name == "makedev");
    }

    [SkippableFact]
    public void Apk_installed_database_gives_packages_with_origin()
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-apk", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Join(root, "lib/apk/db"));
        File.Copy(Corpus.Require($"{TrivyAnalyzers}/apk/testdata/apk"), Path.Join(root, "lib/apk/db/installed"));
        var result = new ApkAnalyzer().Analyze(new DirectoryTree(root));
        Assert.Equal(15, result.Packages.Count);
        var musl = Single(result, "musl");
        Assert.Equal(("1.1.14-r10", "musl"), (musl.Version, musl.SourceName));
        Assert.Contains(result.Problems, p => p.Message.Contains("invalidPackageWithoutAVersion", StringComparison.Ordinal));
        Assert.All(result.Packages, p => Assert.True(new Vulnerabilities.Versioning.ApkVersion().IsValid(p.Version), p.Version));
    }

    [SkippableFact]
    public void A_root_filesystem_directory_is_inventoried_with_its_operating_system()
    {
        var inventory = Images.ImageAnalysis.Inventory("image-dpkg", new DirectoryTree(Corpus.Require($"{SyftDebian}/image-dpkg")), []);
        Assert.Equal("debian", inventory.OperatingSystem!.Family!.Name);
        Assert.Equal("/etc/os-release", inventory.OperatingSystem.Source);
        Assert.Contains(inventory.Packages, p => p.Name == "libpam-runtime");
    }
}
