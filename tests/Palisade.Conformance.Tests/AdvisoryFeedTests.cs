using Palisade.Vulnerabilities.Advisories;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Matching;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Conformance.Tests;

/// <summary>
/// The real advisory data in ../shared/corpora/vulnerability-data: every record is imported or skipped with a reason
/// (the counts are pinned), and matching against the real records gives what their ranges say.
/// </summary>
public sealed class AdvisoryFeedTests
{
    private const string Data = "vulnerability-data";

    private static async Task<(VulnerabilityStore Store, ImportReport Report, IReadOnlyList<string> Ignored)> ImportAsync(params string[] relative)
    {
        var paths = relative.Select(r => Corpus.Require($"{Data}/{r}")).ToList();
        var store = new VulnerabilityStore(Path.Combine(Path.GetTempPath(), "palisade-feeds", Guid.NewGuid().ToString("N"), "v.db"), TimeProvider.System);
        IReadOnlyList<string> ignored = [];
        var report = await store.ImportAsync((session, token) =>
        {
            ignored = FeedImport.Run(paths, session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return (store, report, ignored);
    }

    private static long Records(ImportReport report, string source) => report.Sources.Single(s => s.Name == source).Records;

    [SkippableFact]
    public async Task The_go_vulndb_imports_whole()
    {
        var (_, report, ignored) = await ImportAsync("full/govulndb.tar.gz");
        Assert.Equal(4291, Records(report, "osv:Go"));
        Assert.Empty(report.Skipped);
        Assert.Equal("LICENSE", Path.GetFileName(Assert.Single(ignored)));
    }

    [SkippableFact]
    public async Task Rustsec_and_kubernetes_osv_import_whole()
    {
        var (_, report, _) = await ImportAsync("full/rustsec-osv.tar.gz", "full/k8s-cve-feed-osv.tar.gz");
        Assert.Equal((1206L, 47L), (Records(report, "osv:crates.io"), Records(report, "osv:kubernetes")));
        Assert.Empty(report.Skipped);
    }

    [SkippableFact]
    public async Task Pypa_skips_exactly_its_two_records_with_dates_and_build_tags_for_versions()
    {
        var (_, report, _) = await ImportAsync("full/pypa.tar.gz");
        Assert.Equal(2659, Records(report, "osv:PyPI"));
        Assert.Equal(
            ["PYSEC-2019-125.yaml: line 15: '2019-09-12' is not a pep440 version (PyPI)", "PYSEC-2021-371.yaml: line 27: '0.2.0-n653' is not a pep440 version (PyPI)"],
            report.Skipped.Select(s => $"{Path.GetFileName(s.Where)}: {s.Reason}").Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task The_legacy_alpine_secdb_imports_with_its_typos_reported()
    {
        var (_, report, _) = await ImportAsync("full/alpine-secdb.tar.gz");
        Assert.Equal(18, report.Sources.Count(s => s.Name.StartsWith("secdb:Alpine:v3.", StringComparison.Ordinal)));
        Assert.Equal(12_044, report.Sources.Sum(s => s.Records));
        Assert.Equal(30, report.Skipped.Count);
        Assert.Contains(report.Skipped, s => s.Reason == "'4.10-1-r1' is not an apk version (xen)");
        Assert.Contains(report.Skipped, s => s.Reason.StartsWith("'CVE_2019-2426' names no advisory id", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Kev_epss_nvd_debian_and_wolfi_excerpts_import()
    {
        var (store, report, _) = await ImportAsync("kev/known_exploited_vulnerabilities.json", "epss/epss-example.csv", "nvd/nvd-api2-single-entry.json",
            "debian/tracker-json-excerpt.json", "alpine/wolfi-security.json", "alpine/secdb-v3.15-main-excerpt.yaml");
        Assert.Equal(1404, store.Info().KnownExploited);
        Assert.Equal(5, store.Info().Epss);
        Assert.Equal((1L, 3L, 59L, 13L), (Records(report, "nvd"), Records(report, "debian-tracker"), Records(report, "secdb:Wolfi:os"), Records(report, "secdb:Alpine:v3.15:main")));
        Assert.Empty(report.Skipped);
    }

    [SkippableTheory]
    [InlineData("1.25.12", true, "1.25.13")]
    [InlineData("1.25.13", false, null)]
    [InlineData("1.26.0", true, "1.26.6")]
    [InlineData("1.26.6", false, null)]
    [InlineData("1.27.0-rc.2", true, "1.27.0-rc.3")]
    [InlineData("1.27.0", false, null)]
    public async Task A_real_go_stdlib_record_with_three_ranges(string version, bool affected, string? fixedIn)
    {
        var (store, _, _) = await ImportAsync("osv/go/GO-2026-6218.json");
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery("Go", "stdlib", version)]).Matches.SingleOrDefault(m => m.AdvisoryId == "GO-2026-6218");
        Assert.Equal(affected, match is not null);
        Assert.Equal(fixedIn, match?.FixedVersion);
    }

    [SkippableTheory]
    [InlineData("1.27.4", true, "1.27.5")]
    [InlineData("1.27.5", false, null)]
    [InlineData("1.28.0", true, "1.28.1")]
    [InlineData("1.23.9", false, null)]
    public async Task A_real_kubernetes_record_with_unsorted_events(string version, bool affected, string? fixedIn)
    {
        var (store, _, _) = await ImportAsync("osv/kubernetes/CVE-2023-3676.json");
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery("kubernetes", "k8s.io/kubelet", version)]).Matches.SingleOrDefault();
        Assert.Equal(affected, match is not null);
        Assert.Equal(fixedIn, match?.FixedVersion);
    }

    [SkippableTheory]
    [InlineData("1.11.0", true)]
    [InlineData("1.11.1", false)]
    [InlineData("0.8.0a2", true)]
    public async Task A_real_pypi_record_with_last_affected(string version, bool affected)
    {
        var (store, _, _) = await ImportAsync("osv/pypi/PYSEC-2022-42969.yaml");
        using var connection = store.OpenRead()!;
        Assert.Equal(affected, new Matcher(connection).Match([new PackageQuery("PyPI", "py", version)]).Matches.Count == 1);
    }
}

/// <summary>Red Hat's CSAF documents in ../shared/corpora: RHEL packages become "Red Hat:N" records; other products are skipped by name.</summary>
public sealed class RedHatCsafTests
{
    private static async Task<(VulnerabilityStore Store, ImportReport Report)> ImportAsync(params string[] files)
    {
        var paths = files.Select(f => Corpus.Require($"vulnerability-data/redhat/{f}")).ToList();
        var store = new VulnerabilityStore(Path.Combine(Path.GetTempPath(), "palisade-feeds", Guid.NewGuid().ToString("N"), "v.db"), TimeProvider.System);
        var report = await store.ImportAsync((session, token) =>
        {
            FeedImport.Run(paths, session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return (store, report);
    }

    [SkippableTheory]
    [InlineData("Red Hat:9", "1.5.1-20.el9", "fixed", "1.5.1-21.el9_5")]
    [InlineData("Red Hat:9", "1.5.1-21.el9_5", null, null)]
    [InlineData("Red Hat:7", "1.1.8-23.el7", "end-of-life", null)]
    [InlineData("Red Hat:8", "1.3.1-25.el8", null, null)]
    public async Task A_vex_file_gives_the_fix_per_release_and_the_releases_left_without_one(string release, string version, string? status, string? fixedIn)
    {
        var (store, report) = await ImportAsync("csaf-vex-cve-2024-10041.json", "csaf-vex-cve-2024-24786-simple.json", "csaf-advisory-rhsa-2024_4546.json");
        Assert.Equal(1, report.Sources.Single(s => s.Name == RedHatCsafImporter.VexSource).Records);
        Assert.Equal(
            ["csaf-advisory-rhsa-2024_4546.json: CVE-2023-45288", "csaf-vex-cve-2024-24786-simple.json: CVE-2024-24786"],
            report.Skipped.Select(s => Path.GetFileName(s.Where)).Order(StringComparer.Ordinal));
        Assert.All(report.Skipped, s => Assert.StartsWith("no Red Hat Enterprise Linux package", s.Reason, StringComparison.Ordinal));
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery(release, "pam", version)]).Matches.SingleOrDefault(m => m.AdvisoryId == "CVE-2024-10041");
        Assert.Equal(status, match?.Status.ToSlug());
        Assert.Equal(fixedIn, match?.FixedVersion);
    }
}

/// <summary>The Amazon Linux advisory in ../shared/corpora (vuln-list JSON): Amazon Linux 2 kernel packages.</summary>
public sealed class AmazonAlasCorpusTests
{
    [SkippableTheory]
    [InlineData("kernel", "4.14.238-182.422.amzn2", "4.14.243-185.433.amzn2")]
    [InlineData("kernel-headers", "4.14.238-182.422.amzn2", "4.14.243-185.433.amzn2")]
    [InlineData("kernel", "4.14.243-185.433.amzn2", null)]
    public async Task The_alas2_kernel_advisory_fixes_what_it_lists(string package, string version, string? fixedIn)
    {
        var file = Corpus.Require("vulnerability-data/amazon/trivy-ALAS2-2021-1699.json");
        var store = new VulnerabilityStore(Path.Combine(Path.GetTempPath(), "palisade-feeds", Guid.NewGuid().ToString("N"), "v.db"), TimeProvider.System);
        var report = await store.ImportAsync((session, token) =>
        {
            FeedImport.Run([file], session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);
        Assert.Empty(report.Skipped);
        Assert.Equal(1, report.Sources.Single(s => s.Name == AmazonAlasImporter.SourceName).Records);
        using var connection = store.OpenRead()!;
        var match = new Matcher(connection).Match([new PackageQuery("Amazon Linux:2", package, version)]).Matches.SingleOrDefault();
        Assert.Equal(fixedIn, match?.FixedVersion);
        if (match is not null)
        {
            Assert.Equal(("ALAS2-2021-1699", "low"), (match.AdvisoryId, match.PackageRating));
            Assert.Contains("CVE-2021-22543", match.Aliases);
        }
    }
}
