using System.Text.Json;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>`palisade scan image` and `palisade db` end to end: real archive, real advisories, every output format.</summary>
public sealed class ScanImageTests
{
    private static string Alpine311 => Corpus.Require("images/trivy/docker-archive/alpine-311.tar.gz");

    private static string Secdb311 => AlpineAdvisories.Secdb311;

    [SkippableFact]
    public async Task Db_import_info_and_a_scan_that_finds_the_advisory()
    {
        var dir = TempDirectory();
        var db = Path.Combine(dir, "v.db");
        var import = await InProcessAsync(dir, "db", "import", "--db", db, AlpineAdvisories.WithOpensslAhead(dir), Corpus.Require("vulnerability-data/kev/known_exploited_vulnerabilities.json"));
        Assert.Equal(0, import.ExitCode); // two secdb entries are malformed: warnings, named and counted
        Assert.Contains("secdb:Alpine:v3.11:main: 1,207 records, 2 skipped", import.Error, StringComparison.Ordinal);
        Assert.Contains("warning: skipped ", import.Error, StringComparison.Ordinal);
        var strict = await InProcessAsync(dir, "db", "import", "--strict", "--db", Path.Combine(dir, "strict.db"), AlpineAdvisories.WithOpensslAhead(dir));
        Assert.Equal(3, strict.ExitCode);
        Assert.Contains("error: skipped ", strict.Error, StringComparison.Ordinal);

        var info = await InProcessAsync(dir, "db", "info", "--db", db);
        Assert.Equal(0, info.ExitCode);
        Assert.Contains("CISA KEV: 1,404", info.Out, StringComparison.Ordinal);

        var scan = await InProcessAsync(dir, "scan", "image", Alpine311, "--db", db, "--format", "json");
        Assert.Equal(0, scan.ExitCode);
        using var report = JsonDocument.Parse(scan.Out);
        var schema = ReportSchema.Value;
        var validation = schema.Evaluate(report.RootElement, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.True(validation.IsValid, string.Join("; ", (validation.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        var vulnerabilities = report.RootElement.GetProperty("findings").EnumerateArray().Where(f => f.TryGetProperty("vulnerability", out _)).ToList();
        Assert.Equal(["libcrypto1.1", "libssl1.1"], vulnerabilities.Select(v => v.GetProperty("vulnerability").GetProperty("package").GetString()).Order());
        var first = vulnerabilities[0];
        Assert.Equal("vuln.cve-2019-1551", first.GetProperty("check").GetString());
        Assert.Equal("1.1.1d-r4", first.GetProperty("vulnerability").GetProperty("fixedVersion").GetString());
        Assert.Equal("unrated", first.GetProperty("vulnerability").GetProperty("severitySource").GetString());
        Assert.Equal("/lib/apk/db/installed", first.GetProperty("target").GetProperty("file").GetString());
        Assert.StartsWith("sha256:", first.GetProperty("target").GetProperty("layer").GetString(), StringComparison.Ordinal);

        var gated = await InProcessAsync(dir, "scan", "image", Alpine311, "--db", db, "--scanners", "vuln", "--exit-code", "5", "--format", "sarif");
        Assert.Equal(5, gated.ExitCode);
        Assert.Contains("vuln.cve-2019-1551", gated.Out, StringComparison.Ordinal);

        var suppressed = Path.Combine(dir, ".palisadeignore.yaml");
        await File.WriteAllTextAsync(suppressed, "ignores:\n  - check: CVE-2019-1551\n    reason: accepted until the base image is rebuilt\n");
        var quiet = await InProcessAsync(dir, "scan", "image", Alpine311, "--db", db, "--scanners", "vuln", "--exit-code", "5", "--format", "json");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Contains("\"suppressed\": 2", quiet.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CycloneDx_lists_every_package_with_its_purl_and_the_vulnerabilities()
    {
        var dir = TempDirectory();
        var db = Path.Combine(dir, "v.db");
        await InProcessAsync(dir, "db", "import", "--db", db, AlpineAdvisories.WithOpensslAhead(dir));
        var run = await InProcessAsync(dir, "scan", "image", Alpine311, "--db", db, "--format", "cyclonedx");
        Assert.Equal(0, run.ExitCode);
        using var bom = JsonDocument.Parse(run.Out);
        var root = bom.RootElement;
        Assert.Equal(("CycloneDX", "1.5"), (root.GetProperty("bomFormat").GetString(), root.GetProperty("specVersion").GetString()));
        var components = root.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(15, components.Count); // the OS and 14 apk packages
        Assert.Contains(components, c => c.TryGetProperty("purl", out var purl) && purl.GetString() == "pkg:apk/alpine/musl@1.1.24-r2?arch=x86_64&distro=alpine-3.11.5");
        Assert.Equal("operating-system", components[0].GetProperty("type").GetString());
        var vulnerability = root.GetProperty("vulnerabilities").EnumerateArray().First();
        var affected = vulnerability.GetProperty("affects")[0].GetProperty("ref").GetString();
        Assert.Contains(components, c => c.TryGetProperty("bom-ref", out var r) && r.GetString() == affected);
        Assert.Equal("CVE-2019-1551", vulnerability.GetProperty("id").GetString());
    }

    [SkippableFact]
    public async Task Spdx_describes_the_image_and_every_package_it_contains_with_its_purl()
    {
        var dir = TempDirectory();
        var run = await InProcessAsync(dir, "scan", "image", Alpine311, "--scanners", "config,secret", "--format", "spdx");
        Assert.Equal(0, run.ExitCode);
        using var document = JsonDocument.Parse(run.Out);
        var root = document.RootElement;
        Assert.Equal(("SPDX-2.3", "CC0-1.0", "SPDXRef-DOCUMENT"), (root.GetProperty("spdxVersion").GetString(), root.GetProperty("dataLicense").GetString(), root.GetProperty("SPDXID").GetString()));
        Assert.StartsWith("https://", root.GetProperty("documentNamespace").GetString(), StringComparison.Ordinal);
        Assert.Equal("2026-11-30T12:00:00Z", root.GetProperty("creationInfo").GetProperty("created").GetString());
        var packages = root.GetProperty("packages").EnumerateArray().ToList();
        Assert.Equal(16, packages.Count); // the image, its OS and 14 apk packages
        var ids = packages.Select(p => p.GetProperty("SPDXID").GetString()!).ToList();
        Assert.All(ids, id => Assert.Matches("^SPDXRef-[A-Za-z0-9.-]+$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(packages, p => Assert.Equal("NOASSERTION", p.GetProperty("downloadLocation").GetString()));
        var musl = Assert.Single(packages, p => p.GetProperty("name").GetString() == "musl");
        Assert.Equal("1.1.24-r2", musl.GetProperty("versionInfo").GetString());
        var purl = Assert.Single(musl.GetProperty("externalRefs").EnumerateArray());
        Assert.Equal(("PACKAGE-MANAGER", "purl", "pkg:apk/alpine/musl@1.1.24-r2?arch=x86_64&distro=alpine-3.11.5"),
            (purl.GetProperty("referenceCategory").GetString(), purl.GetProperty("referenceType").GetString(), purl.GetProperty("referenceLocator").GetString()));
        var relationships = root.GetProperty("relationships").EnumerateArray().ToList();
        Assert.Contains(relationships, r => r.GetProperty("relationshipType").GetString() == "DESCRIBES" && r.GetProperty("spdxElementId").GetString() == "SPDXRef-DOCUMENT");
        Assert.Equal(15, relationships.Count(r => r.GetProperty("relationshipType").GetString() == "CONTAINS"));
        Assert.All(relationships, r => Assert.Contains(r.GetProperty("relatedSpdxElement").GetString(), ids));
    }

    [Fact]
    public async Task Sbom_formats_are_refused_for_scans_that_take_no_inventory()
    {
        var run = await InProcessAsync(TempDirectory(), "scan", "manifests", Repo("examples", "insecure"), "--format", "spdx");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown format 'spdx' (use table, json, sarif, junit)", run.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Without_a_database_the_scan_is_incomplete_and_still_reports_the_rest()
    {
        var dir = TempDirectory();
        var run = await InProcessAsync(dir, "scan", "image", Alpine311, "--db", Path.Combine(dir, "none.db"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("no vulnerability database: packages were not matched", run.Out, StringComparison.Ordinal);
        Assert.Contains("image.runs-as-root", run.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_vulnerability_gate_that_could_not_look_does_not_pass()
    {
        var dir = TempDirectory();
        var run = await InProcessAsync(dir, "scan", "image", Alpine311, "--db", Path.Combine(dir, "none.db"), "--scanners", "vuln", "--fail-on", "high", "--format", "json");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("\"level\": \"error\"", run.Out, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("image-01-manifest-missing-config.tar", "names no Config")]
    [InlineData("image-02-manifest-null.tar", "(found null)")]
    [InlineData("image-03-manifest-invalid-utf8.tar", "Config is not valid UTF-8")]
    public async Task Malformed_docker_archive_metadata_is_a_diagnostic_naming_the_file(string file, string reason)
    {
        var path = Corpus.Require($"hostile-inputs/{file}");
        var run = await InProcessAsync(TempDirectory(), "scan", "image", path, "--offline", "--scanners", "config,secret");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains(reason, run.Out, StringComparison.Ordinal);
        Assert.Contains(file, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_oci_layout_whose_index_is_a_device_is_refused_in_bounded_memory()
    {
        Skip.If(!File.Exists("/dev/zero"), "no /dev/zero here");
        var dir = TempDirectory();
        var layout = Directory.CreateDirectory(Path.Combine(dir, "layout")).FullName;
        await File.WriteAllTextAsync(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.CreateSymbolicLink(Path.Combine(layout, "index.json"), "/dev/zero");
        var before = GC.GetTotalAllocatedBytes();
        var run = await InProcessAsync(dir, "scan", "image", layout, "--offline", "--scanners", "config");
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("too large for image metadata", run.Out, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 512L * 1024 * 1024, "read far more than the metadata cap");
    }

    [SkippableFact]
    public async Task An_old_database_is_a_visible_warning()
    {
        var dir = TempDirectory();
        var db = Path.Combine(dir, "v.db");
        await InProcessAsync(dir, "db", "import", "--db", db, Secdb311);
        var later = await InProcessAsync(dir, e => e with { Clock = new FixedClock(FixedClock.Now.AddDays(30)) }, "scan", "image", Alpine311, "--db", db);
        Assert.Contains("vulnerability database is 30 days old (over 7 days)", later.Out, StringComparison.Ordinal);
        var allowed = await InProcessAsync(dir, e => e with { Clock = new FixedClock(FixedClock.Now.AddDays(30)) }, "scan", "image", Alpine311, "--db", db, "--max-db-age", "60");
        Assert.DoesNotContain("vulnerability database is", allowed.Out + allowed.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Export_and_import_carry_the_database_across()
    {
        var dir = TempDirectory();
        var db = Path.Combine(dir, "v.db");
        await InProcessAsync(dir, "db", "import", "--db", db, Secdb311);
        Assert.Equal(0, (await InProcessAsync(dir, "db", "export", "--db", db, "transfer.db.zst")).ExitCode);
        var other = Path.Combine(TempDirectory(), "v.db");
        var import = await InProcessAsync(dir, "db", "import", "--db", other, "transfer.db.zst");
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("database replaced", import.Error, StringComparison.Ordinal);
        Assert.Contains("secdb:Alpine:v3.11:main", (await InProcessAsync(dir, "db", "info", "--db", other)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_scanners_and_formats_are_usage_errors()
    {
        var dir = TempDirectory();
        Assert.Equal(2, (await InProcessAsync(dir, "scan", "image", dir, "--scanners", "vuln,magic")).ExitCode);
        Assert.Equal(2, (await InProcessAsync(dir, "scan", "image", dir, "--format", "spdx-tag-value")).ExitCode);
    }

    [Fact]
    public async Task A_root_filesystem_directory_is_scanned_for_packages_and_secrets()
    {
        var dir = TempDirectory();
        var root = Directory.CreateDirectory(Path.Combine(dir, "rootfs")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "app", "node_modules", "lodash"));
        await File.WriteAllTextAsync(Path.Combine(root, "etc", "os-release"), "ID=alpine\nVERSION_ID=3.19.0\n");
        await File.WriteAllTextAsync(Path.Combine(root, "app", "node_modules", "lodash", "package.json"), """{ "name": "lodash", "version": "4.17.15" }""");
        await File.WriteAllTextAsync(Path.Combine(root, "app", ".env"), "DATABASE_PASSWORD=Sup3rS3cretValue\n");
        var run = await InProcessAsync(dir, "scan", "image", "rootfs", "--format", "json", "--db", Path.Combine(dir, "none.db"));
        using var report = JsonDocument.Parse(run.Out);
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(("image.secret.password-assignment", "/app/.env", 1), (finding.GetProperty("check").GetString(), finding.GetProperty("target").GetProperty("file").GetString(), finding.GetProperty("target").GetProperty("line").GetInt32()));
        Assert.DoesNotContain("Sup3rS3cretValue", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 npm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Composer_packages_are_inventoried_with_their_purl_and_matched_against_packagist_advisories()
    {
        var dir = TempDirectory();
        var app = Directory.CreateDirectory(Path.Combine(dir, "rootfs", "var", "www", "app")).FullName;
        File.Copy(Fixture("ecosystems", "composer", "composer.lock"), Path.Combine(app, "composer.lock"));
        var db = Path.Combine(dir, "v.db");
        Assert.Equal(0, (await InProcessAsync(dir, "db", "import", "--db", db, Fixture("ecosystems", "composer", "GHSA-25mq-v84q-4j7r.json"))).ExitCode);

        var run = await InProcessAsync(dir, "scan", "image", "rootfs", "--db", db, "--scanners", "vuln", "--format", "json");
        using var report = JsonDocument.Parse(run.Out);
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        var vulnerability = finding.GetProperty("vulnerability");
        Assert.Equal(("GHSA-25mq-v84q-4j7r", "guzzlehttp/guzzle", "7.4.4", "7.4.5", "pkg:composer/guzzlehttp/guzzle@7.4.4"),
            (vulnerability.GetProperty("id").GetString(), vulnerability.GetProperty("package").GetString(), vulnerability.GetProperty("installedVersion").GetString(),
             vulnerability.GetProperty("fixedVersion").GetString(), vulnerability.GetProperty("purl").GetString()));
        Assert.Contains("3 Packagist", run.Error, StringComparison.Ordinal);

        var sbom = await InProcessAsync(dir, "scan", "image", "rootfs", "--scanners", "config", "--format", "cyclonedx");
        Assert.Contains("pkg:composer/monolog/monolog@2.9.1", sbom.Out, StringComparison.Ordinal);
    }
}
