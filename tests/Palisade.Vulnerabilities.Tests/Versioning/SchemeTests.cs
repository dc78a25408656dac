using Palisade.Vulnerabilities.Versioning;

namespace Palisade.Vulnerabilities.Tests.Versioning;

/// <summary>
/// The schemes without a corpus of upstream vectors, checked against their specifications' own examples
/// (PEP 440's ordering example, NuGet's and Go's documented rules).
/// </summary>
public sealed class SchemeTests
{
    private static void Ascending(IVersionScheme scheme, params string[] versions)
    {
        for (var i = 1; i < versions.Length; i++)
        {
            Assert.True(scheme.Compare(versions[i - 1], versions[i]) < 0, $"{versions[i - 1]} < {versions[i]}");
            Assert.True(scheme.Compare(versions[i], versions[i - 1]) > 0, $"{versions[i]} > {versions[i - 1]}");
        }
    }

    [Fact]
    public void Pep440_orders_the_specification_example() =>
        Ascending(new Pep440Version(), "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
            "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5",
            "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1", "1!0.1");

    [Theory]
    [InlineData("1.0alpha1", "1.0a1")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.0c1", "1.0rc1")]
    [InlineData("1.0.preview2", "1.0rc2")]
    [InlineData("v1.0", "1.0")]
    [InlineData("1.0.0", "1.0")]
    [InlineData("1.0.post", "1.0.post0")]
    [InlineData("1.0-dev", "1.0.dev0")]
    [InlineData("1.0.RC1", "1.0rc1")]
    public void Pep440_normalises_spellings(string a, string b) => Assert.Equal(0, new Pep440Version().Compare(a, b));

    [Theory]
    [InlineData("1.0-")]
    [InlineData("a1.0")]
    [InlineData("1..0")]
    [InlineData("1.0+")]
    public void Pep440_rejects_invalid_versions(string version) => Assert.False(new Pep440Version().IsValid(version));

    [Fact]
    public void NuGet_orders_four_part_and_prerelease_versions() =>
        Ascending(new NuGetVersion(), "1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "1.0.0.1", "1.0.1", "1.10");

    [Theory]
    [InlineData("1.0", "1.0.0.0")]
    [InlineData("1.0.0-ALPHA", "1.0.0-alpha")]
    [InlineData("2.1.0+build.5", "2.1.0")]
    public void NuGet_equal_versions(string a, string b) => Assert.Equal(0, new NuGetVersion().Compare(a, b));

    [Theory]
    [InlineData("1.2.3.4.5")]
    [InlineData("a.b")]
    [InlineData("1.0-")]
    public void NuGet_rejects_invalid_versions(string version) => Assert.False(new NuGetVersion().IsValid(version));

    [Fact]
    public void Go_orders_releases_pseudo_versions_and_toolchains()
    {
        var go = new GoModuleVersion();
        Ascending(go, "v0.0.0-20210101000000-abcdef123456", "v0.1.0", "v1.2.3", "v1.10.0", "v2.0.0-rc.1", "v2.0.0");
        Ascending(go, "go1.21", "go1.21.5", "go1.22.0", "go1.22.3");
        Assert.Equal(0, go.Compare("v2.0.0+incompatible", "v2.0.0"));
        Assert.True(go.IsValid("1.2.3")); // OSV's Go records drop the v
        Assert.False(go.IsValid("latest"));
    }

    [Fact]
    public void Every_scheme_is_registered_once()
    {
        var names = VersionSchemes.All.Select(s => s.Name).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        Assert.Equal(["apk", "dpkg", "go", "maven", "nuget", "pep440", "rpm", "semver"], names.Order());
        var types = typeof(IVersionScheme).Assembly.GetTypes().Where(t => typeof(IVersionScheme).IsAssignableFrom(t) && !t.IsInterface);
        Assert.All(types, t => Assert.Contains(VersionSchemes.All, s => s.GetType() == t));
    }

    [Theory]
    [InlineData("dpkg", "foo")]
    [InlineData("apk", "1.0-x")]
    [InlineData("semver", "1.2")]
    public void Invalid_versions_are_refused_never_compared_as_text(string scheme, string version) =>
        Assert.Throws<FormatException>(() => VersionSchemes.Find(scheme)!.Compare(version, "1.0.0"));
}
