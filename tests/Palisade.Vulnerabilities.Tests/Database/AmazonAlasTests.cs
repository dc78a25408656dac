using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Matching;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>Amazon Linux advisories from a repository's updateinfo.xml (Fixtures/feeds/amazon-updateinfo.xml).</summary>
public sealed class AmazonAlasTests
{
    [Theory]
    [InlineData("curl", "8.4.0-1.amzn2023.0.1", "ALAS2023-2099-0001", "8.5.0-1.amzn2023.0.2")]
    [InlineData("curl", "8.5.0-1.amzn2023.0.2", null, null)]
    [InlineData("vim-minimal", "2:9.0.2153-1.amzn2023", "ALAS2023-2099-0002", "2:9.1.0-1.amzn2023")]
    [InlineData("vim-minimal", "9.9.9-1.amzn2023", "ALAS2023-2099-0002", "2:9.1.0-1.amzn2023")]
    public async Task Fixes_are_matched_in_the_release_the_advisory_id_names(string package, string version, string? advisory, string? fixedIn)
    {
        var (store, report) = await StoreFixture.LoadAsync(["amazon-updateinfo.xml"]);
        Assert.Equal("RHSA-2099:1", Assert.Single(report.Skipped).Where.Split(": ")[^1]);
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery("Amazon Linux:2023", package, version)]).Matches.SingleOrDefault();
        Assert.Equal((advisory, fixedIn), (match?.AdvisoryId, match?.FixedVersion));
        if (match is not null)
        {
            Assert.Equal(AffectedStatus.Fixed, match.Status);
            Assert.NotEmpty(match.Aliases);
        }
        Assert.Empty(new Matcher(connection).Match([new PackageQuery("Amazon Linux:2", "curl", "7.0.0-1.amzn2")]).Matches);
    }

    [Theory]
    [InlineData("ALAS2-2021-1699", "Amazon Linux:2")]
    [InlineData("ALAS2023-2023-126", "Amazon Linux:2023")]
    [InlineData("ALAS-2021-1512", "Amazon Linux:1")]
    [InlineData("ALAS2KERNEL-5.10-2022-001", "Amazon Linux:2")]
    [InlineData("RHSA-2099:1", null)]
    public void The_release_comes_from_the_advisory_id(string id, string? release) => Assert.Equal(release, AmazonAlasImporter.Release(id));
}
