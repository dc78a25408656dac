using Palisade.Images;
using Palisade.Images.Sources;
using Palisade.Images.Matching;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Conformance.Tests;

/// <summary>
/// Real image, real advisories: the alpine:3.11 `docker save` archive (Alpine 3.11.5, March 2020) matched against
/// the Alpine v3.11 secdb as Alpine last published it in the legacy alpine-secdb repository. Checked by hand: the
/// secdb's newest fixes for the image's source packages are openssl 1.1.1d-r3 (CVE-2019-1551), musl 1.1.23-r2
/// (CVE-2019-14697) and busybox 1.30.1-r2 (CVE-2019-5747), all at or below what the image has installed
/// (openssl 1.1.1d-r3, musl 1.1.24-r2, busybox 1.31.1-r9), so the correct result is no vulnerability, and the
/// same image one release behind must show exactly those advisories on every binary package built from them.
/// </summary>
public sealed class AlpineEndToEndTests
{
    [SkippableFact]
    public async Task Alpine_311_is_not_affected_by_any_advisory_of_the_v3_11_secdb()
    {
        var (inventory, store) = await PrepareAsync();
        using var advisories = store.OpenProvider()!;
        var outcome = await ImageVulnerabilityScan.MatchAsync(inventory, advisories, new ImageVulnerabilityScan.Options(IgnoreUnfixed: false), CancellationToken.None);
        Assert.Empty(outcome.Problems);
        Assert.Empty(outcome.Notes);
        Assert.Empty(outcome.Findings);
    }

    [SkippableFact]
    public async Task The_same_image_one_release_behind_has_exactly_the_fixes_it_lacks()
    {
        var (inventory, store) = await PrepareAsync();
        var behind = new Dictionary<string, string> { ["openssl"] = "1.1.1d-r2", ["musl"] = "1.1.23-r1", ["busybox"] = "1.30.1-r1" };
        var older = inventory with
        {
            Packages = [.. inventory.Packages.Select(p => behind.TryGetValue(p.SourceName!, out var version) ? p with { Version = version } : p)],
        };
        using var advisories = store.OpenProvider()!;
        var outcome = await ImageVulnerabilityScan.MatchAsync(older, advisories, new ImageVulnerabilityScan.Options(IgnoreUnfixed: false), CancellationToken.None);
        var got = outcome.Findings.Select(f => $"{f.Vulnerability!.Package} {f.Vulnerability.InstalledVersion} {f.Vulnerability.Id} fixed in {f.Vulnerability.FixedVersion}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "busybox 1.30.1-r1 CVE-2019-5747 fixed in 1.30.1-r2",
            "libcrypto1.1 1.1.1d-r2 CVE-2019-1551 fixed in 1.1.1d-r3",
            "libssl1.1 1.1.1d-r2 CVE-2019-1551 fixed in 1.1.1d-r3",
            "musl 1.1.23-r1 CVE-2019-14697 fixed in 1.1.23-r2",
            "musl-utils 1.1.23-r1 CVE-2019-14697 fixed in 1.1.23-r2",
            "ssl_client 1.30.1-r1 CVE-2019-5747 fixed in 1.30.1-r2",
        ], got);
        Assert.All(outcome.Findings, f =>
        {
            Assert.Equal(("fixed", "secdb:Alpine:v3.11:main", "Alpine:v3.11"), (f.Vulnerability!.Status, f.Vulnerability.DataSource, f.Vulnerability.Ecosystem));
            Assert.Equal("/lib/apk/db/installed", f.Target.Location!.File);
            Assert.StartsWith("pkg:apk/alpine/", f.Vulnerability.Purl, StringComparison.Ordinal);
        });
        Assert.Contains("libssl1.1 (source openssl) 1.1.1d-r2: CVE-2019-1551, fixed in 1.1.1d-r3", outcome.Findings.Select(f => f.Message).Order().First(m => m.StartsWith("libssl", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private static async Task<(ImageInventory Inventory, VulnerabilityStore Store)> PrepareAsync()
    {
        var secdb = Corpus.Require("vulnerability-data/alpine/legacy-secdb-v3.11-main.yaml");
        var archive = Corpus.Require("images/trivy/docker-archive/alpine-311.tar.gz");
        var folder = Path.Combine(Path.GetTempPath(), "palisade-e2e", Guid.NewGuid().ToString("N"));
        var store = new VulnerabilityStore(Path.Combine(folder, "vulnerabilities.db"), TimeProvider.System);
        await store.ImportAsync((session, token) =>
        {
            FeedImport.Run([secdb], session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
        using var image = DockerArchive.Open(archive);
        return (ImageAnalysis.Inventory(image), store);
    }
}
