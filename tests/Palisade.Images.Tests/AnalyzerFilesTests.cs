using Palisade.Images.Analyzers;

namespace Palisade.Images.Tests;

/// <summary>What the layer pass keeps comes from what each analyzer (and the OS detector) says it reads.</summary>
public sealed class AnalyzerFilesTests
{
    [Theory]
    [InlineData("etc/os-release")]
    [InlineData("var/lib/dpkg/status")]
    [InlineData("var/lib/dpkg/status.d/base-files")]
    [InlineData("lib/apk/db/installed")]
    [InlineData("usr/lib/sysimage/rpm/rpmdb.sqlite")]
    [InlineData("var/www/app/composer.lock")]
    [InlineData("app/web/package-lock.json")]
    [InlineData("srv/App.deps.json")]
    public void Files_an_analyzer_reads_are_kept(string path) => Assert.True(PackageAnalyzers.Wanted(path));

    [Theory]
    [InlineData("etc/passwd")]
    [InlineData("usr/bin/bash")]
    [InlineData("var/www/app/composer.json")]
    public void Other_files_are_not(string path) => Assert.False(PackageAnalyzers.Wanted(path));

    [Fact]
    public void Every_analyzer_is_registered_once_including_composer()
    {
        Assert.Equal(PackageAnalyzers.All.Count, PackageAnalyzers.All.Select(a => a.Name).Distinct().Count());
        Assert.Contains(PackageAnalyzers.All, a => a.Name == "composer");
    }
}
