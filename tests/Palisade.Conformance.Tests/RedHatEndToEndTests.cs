using Palisade.Images;
using Palisade.Images.Filesystem;
using Palisade.Images.Matching;
using Palisade.TestSupport;
using Palisade.Vulnerabilities.Importers;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Conformance.Tests;

/// <summary>
/// A RHEL 8 root filesystem whose rpm database is the real Berkeley DB from the corpus (libuuid 2.32.1-42.el8_8,
/// built from util-linux) matched against Red Hat CSAF VEX: the OS becomes "Red Hat:8", the package is looked up by
/// its source rpm, and only a fix newer than what is installed is reported.
/// </summary>
public sealed class RedHatEndToEndTests
{
    private static string Vex(string fixedRelease) => $$"""
        {
          "document": { "category": "csaf_vex", "csaf_version": "2.0", "tracking": { "id": "CVE-2099-0002" } },
          "product_tree": {
            "branches": [
              { "category": "product_name", "name": "RHEL 8", "product": { "name": "RHEL 8 BaseOS", "product_id": "BaseOS-8.10.0.Z.MAIN", "product_identification_helper": { "cpe": "cpe:/o:redhat:enterprise_linux:8::baseos" } } },
              { "category": "product_version", "name": "util-linux", "product": { "name": "util-linux", "product_id": "util-linux-0:2.32.1-{{fixedRelease}}.src", "product_identification_helper": { "purl": "pkg:rpm/redhat/util-linux@2.32.1-{{fixedRelease}}?arch=src" } } }
            ],
            "relationships": [
              { "category": "default_component_of", "product_reference": "util-linux-0:2.32.1-{{fixedRelease}}.src", "relates_to_product_reference": "BaseOS-8.10.0.Z.MAIN", "full_product_name": { "name": "util-linux in 8", "product_id": "BaseOS-8.10.0.Z.MAIN:util-linux-0:2.32.1-{{fixedRelease}}.src" } }
            ]
          },
          "vulnerabilities": [ { "cve": "CVE-2099-0002", "product_status": { "fixed": ["BaseOS-8.10.0.Z.MAIN:util-linux-0:2.32.1-{{fixedRelease}}.src"] }, "threats": [ { "category": "impact", "details": "Moderate" } ] } ]
        }
        """;

    [SkippableTheory]
    [InlineData("46.el8", "libuuid 2.32.1-42.el8_8 CVE-2099-0002 fixed in 2.32.1-46.el8 (Red Hat:8, fixed)")]
    [InlineData("42.el8_8", null)]
    [InlineData("39.el8", null)]
    public async Task A_rhel_root_filesystem_is_matched_by_source_rpm_in_its_release(string fixedRelease, string? expected)
    {
        var folder = Path.Combine(Path.GetTempPath(), "palisade-rhel-e2e", Guid.NewGuid().ToString("N"));
        var root = Directory.CreateDirectory(Path.Combine(folder, "root")).FullName;
        Directory.CreateDirectory(Path.Join(root, "etc"));
        Directory.CreateDirectory(Path.Join(root, "var/lib/rpm"));
        File.WriteAllText(Path.Join(root, "etc/os-release"), "NAME=\"Red Hat Enterprise Linux\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"8.8\"\n");
        File.Copy(Corpus.Require("package-databases/rpmdb/pkg/testdata/libuuid/Packages"), Path.Join(root, "var/lib/rpm/Packages"));
        var vex = Path.Combine(folder, "cve-2099-0002.json");
        File.WriteAllText(vex, Vex(fixedRelease));
        var store = new VulnerabilityStore(Path.Combine(folder, "vulnerabilities.db"), TimeProvider.System);
        await store.ImportAsync((session, token) =>
        {
            FeedImport.Run([vex], session, null, token);
            return Task.CompletedTask;
        }, CancellationToken.None);

        var inventory = ImageAnalysis.Inventory(root, new DirectoryTree(root), []);
        using var advisories = store.OpenProvider()!;
        var outcome = await ImageVulnerabilityScan.MatchAsync(inventory, advisories, new ImageVulnerabilityScan.Options(IgnoreUnfixed: false), CancellationToken.None);
        Assert.Empty(outcome.Notes);
        var got = outcome.Findings.Select(f => $"{f.Vulnerability!.Package} {f.Vulnerability.InstalledVersion} {f.Vulnerability.Id} fixed in {f.Vulnerability.FixedVersion} ({f.Vulnerability.Ecosystem}, {f.Vulnerability.Status})");
        Assert.Equal(expected is null ? [] : [expected], got);
    }
}
