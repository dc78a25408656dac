using System.Formats.Tar;
using Palisade.Vulnerabilities.Advisories;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Vulnerabilities.Tests.Database;

/// <summary>Red Hat CSAF VEX statuses, on a hand-written document (Fixtures/feeds/redhat-vex.json).</summary>
public sealed class RedHatCsafTests
{
    [Theory]
    [InlineData("Red Hat:9", "2:4.9-9.el9", AffectedStatus.Fixed, "2:4.9-10.el9_5")]
    [InlineData("Red Hat:9", "4.9-9.el9", AffectedStatus.Fixed, "2:4.9-10.el9_5")]
    [InlineData("Red Hat:9", "2:4.9-10.el9_5", null, null)]
    [InlineData("Red Hat:8", "2:4.6-22.el8", AffectedStatus.Affected, null)]
    [InlineData("Red Hat:7", "2:4.6-5.el7", AffectedStatus.WillNotFix, null)]
    [InlineData("Red Hat:10", "2:4.15-1.el10", null, null)]
    public async Task Each_release_gets_what_the_document_says_of_it(string release, string version, AffectedStatus? status, string? fixedIn)
    {
        var (store, report) = await StoreFixture.LoadAsync(["redhat-vex.json"]);
        Assert.Empty(report.Skipped);
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery(release, "shadow-utils", version)]).Matches.SingleOrDefault();
        Assert.Equal(status, match?.Status);
        Assert.Equal(fixedIn, match?.FixedVersion);
        if (match is not null)
        {
            Assert.Equal("high", match.PackageRating);
        }
    }

    [Fact]
    public async Task The_vex_archive_is_read_as_red_hat_publishes_it_a_tar_zst()
    {
        var archive = Path.Combine(StoreFixture.NewFolder(), "csaf_vex_2099-01-01.tar.zst");
        using (var file = File.Create(archive))
        using (var zstd = new ZstdSharp.CompressionStream(file))
        using (var tar = new TarWriter(zstd))
        {
            tar.WriteEntry(StoreFixture.Feed("redhat-vex.json"), "2099/cve-2099-0001.json");
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "2099/"));
        }
        var store = new VulnerabilityStore(Path.Combine(StoreFixture.NewFolder(), StorePaths.FileName), TimeProvider.System);
        var report = await store.ImportAsync((session, token) =>
        {
            FeedImport.Run([archive], session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.Equal(1, report.Sources.Single(s => s.Name == RedHatCsafImporter.VexSource).Records);
        Assert.Empty(report.Skipped);
    }
}
