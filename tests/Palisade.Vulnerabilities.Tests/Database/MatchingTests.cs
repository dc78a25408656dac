using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>OSV range semantics and status handling, on hand-written records whose answers are plain to read.</summary>
public sealed class MatchingTests
{
    private static async Task<IReadOnlyList<VulnerabilityMatch>> MatchAsync(string ecosystem, string name, string version, params string[] feeds)
    {
        var (store, _) = await StoreFixture.LoadAsync(feeds.Length == 0 ? ["osv-semantics.json"] : feeds);
        using var connection = store.OpenRead()!;
        return new Matcher(connection).Match([new PackageQuery(ecosystem, name, version)]).Matches;
    }

    [Theory]
    [InlineData("1.0.0", true, "1.3.0")]
    [InlineData("1.3.0", false, null)]
    [InlineData("1.9.9", false, null)]
    [InlineData("2.0.0", true, "2.1.1")]
    [InlineData("2.1.0", true, "2.1.1")]
    [InlineData("2.1.1", false, null)]
    public async Task Unsorted_events_are_sorted_before_evaluation(string version, bool affected, string? fixedIn)
    {
        var matches = await MatchAsync("npm", "left-pad", version);
        Assert.Equal(affected, matches.Any(m => m.AdvisoryId == "TEST-2024-0001"));
        if (affected)
        {
            var match = matches.Single(m => m.AdvisoryId == "TEST-2024-0001");
            Assert.Equal((fixedIn, AffectedStatus.Fixed), (match.FixedVersion, match.Status));
            Assert.Equal(("critical", "osv:npm"), (match.Rating, match.RatingSource));
            Assert.Contains("CVE-2024-0001", match.Aliases);
        }
    }

    [Theory]
    [InlineData("1.4.2", true)]
    [InlineData("1.4.3", false)]
    [InlineData("0.9", false)]
    [InlineData("0.9.1", true)]
    public async Task Last_affected_and_explicit_versions_with_pep503_names(string version, bool affected)
    {
        var matches = await MatchAsync("PyPI", "foo.bar", version);
        Assert.Equal(affected, matches.Any(m => m.AdvisoryId == "TEST-2024-0002"));
    }

    [Fact]
    public async Task Withdrawn_advisories_are_never_reported()
    {
        Assert.DoesNotContain(await MatchAsync("npm", "left-pad", "3.0.0"), m => m.AdvisoryId == "TEST-2024-0003");
    }

    [Theory]
    [InlineData("v1.2.2", true)]
    [InlineData("1.2.2", true)]
    [InlineData("v1.2.3", false)]
    public async Task Git_ranges_are_ignored_and_go_versions_take_either_form(string version, bool affected)
    {
        Assert.Equal(affected, (await MatchAsync("Go", "example.com/mod", version)).Any(m => m.AdvisoryId == "TEST-2024-0004"));
    }

    [Fact]
    public async Task An_advisory_without_a_fix_is_affected_with_no_fixed_version()
    {
        var match = Assert.Single(await MatchAsync("Maven", "org.example:lib", "2.5"));
        Assert.Equal((AffectedStatus.Affected, null, "medium"), (match.Status, match.FixedVersion, match.Rating));
    }

    [Fact]
    public async Task Names_are_exact_not_similar()
    {
        Assert.Empty(await MatchAsync("npm", "left-pad2", "1.0.0"));
        Assert.Empty(await MatchAsync("npm", "Left-Pad", "1.0.0"));
        Assert.Empty(await MatchAsync("crates.io", "left-pad", "1.0.0"));
    }

    [Fact]
    public async Task A_version_the_scheme_rejects_is_a_problem_not_a_guess()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json");
        using var connection = store.OpenRead()!;
        var result = new Matcher(connection).Match([new PackageQuery("npm", "left-pad", "one point oh")]);
        Assert.Empty(result.Matches);
        Assert.Contains("not a valid semver version", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kev_and_epss_are_attached_by_cve_alias()
    {
        var (store, _) = await StoreFixture.LoadAsync("osv-semantics.json", "kev.json", "epss.csv");
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery("npm", "left-pad", "1.0.0")]).Matches.Single();
        Assert.Equal("2024-04-01", match.KnownExploited!.DateAdded);
        Assert.True(match.KnownExploited.Ransomware);
        Assert.Equal(0.97012, match.Epss!.Probability, 5);
    }

    [Theory]
    [InlineData("Debian:12", "3.0.11-1~deb12u0", "CVE-2023-0001", AffectedStatus.Fixed, "3.0.11-1~deb12u1", "high")]
    [InlineData("Debian:11", "1.1.1w-0+deb11u1", "CVE-2023-0001", AffectedStatus.Affected, null, "medium")]
    [InlineData("Debian:12", "3.0.11-1~deb12u2", "CVE-2023-0002", AffectedStatus.WillNotFix, null, "low")]
    public async Task Debian_tracker_statuses_per_release(string ecosystem, string version, string id, AffectedStatus status, string? fixedIn, string rating)
    {
        var match = (await MatchAsync(ecosystem, "openssl", version, "debian-tracker.json")).Single(m => m.AdvisoryId == id);
        Assert.Equal((status, fixedIn, rating, "debian-tracker"), (match.Status, match.FixedVersion, match.Rating, match.RatingSource));
    }

    [Fact]
    public async Task Debian_not_affected_and_fixed_releases_report_nothing()
    {
        Assert.Empty(await MatchAsync("Debian:10", "openssl", "1.1.1n-0+deb10u6", "debian-tracker.json"));
        Assert.DoesNotContain(await MatchAsync("Debian:12", "openssl", "3.0.11-1~deb12u2", "debian-tracker.json"), m => m.AdvisoryId == "CVE-2023-0001");
    }
}
