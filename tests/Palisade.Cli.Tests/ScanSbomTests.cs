using System.Text.Json;
using Palisade.TestSupport;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>`palisade scan sbom`: an SBOM is matched exactly as the image it describes.</summary>
public sealed class ScanSbomTests
{
    [SkippableFact]
    public async Task The_CycloneDX_and_SPDX_of_an_image_give_the_image_s_vulnerabilities()
    {
        var dir = TempDirectory();
        var db = Path.Combine(dir, "v.db");
        var secdb = AlpineAdvisories.WithOpensslAhead(dir);
        Assert.Equal(0, (await InProcessAsync(dir, "db", "import", "--db", db, secdb)).ExitCode);
        var image = Corpus.Require("images/trivy/docker-archive/alpine-311.tar.gz");

        var direct = await InProcessAsync(dir, "scan", "image", image, "--db", db, "--scanners", "vuln", "-f", "json");
        foreach (var format in new[] { "cyclonedx", "spdx" })
        {
            var sbom = await InProcessAsync(dir, "scan", "image", image, "--db", db, "--scanners", "vuln", "-f", format, "-o", $"image.{format}.json");
            Assert.Equal(0, sbom.ExitCode);
            var scan = await InProcessAsync(dir, "scan", "sbom", $"image.{format}.json", "--db", db, "-f", "json");
            Assert.Equal(0, scan.ExitCode);
            Assert.Equal(Vulnerabilities(direct.Out), Vulnerabilities(scan.Out));
            Assert.Equal(["libcrypto1.1 1.1.1d-r3 CVE-2019-1551", "libssl1.1 1.1.1d-r3 CVE-2019-1551"], Vulnerabilities(scan.Out));
        }
    }

    [Fact]
    public async Task A_document_that_is_not_an_SBOM_is_a_named_input_error()
    {
        var dir = TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(dir, "bom.json"), """{"bomFormat":"CycloneDX","specVersion":"2.0"}""");
        var run = await InProcessAsync(dir, "scan", "sbom", "bom.json", "--db", Path.Combine(dir, "none.db"));
        Assert.Equal(3, run.ExitCode);
        Assert.Contains("bom.json: CycloneDX 2.0 is not supported (JSON 1.2 to 1.6 is)", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Out + run.Error, StringComparison.Ordinal);
    }

    private static List<string> Vulnerabilities(string json)
    {
        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.TryGetProperty("vulnerability", out _))
            .Select(f => f.GetProperty("vulnerability"))
            .Select(v => $"{v.GetProperty("package").GetString()} {v.GetProperty("installedVersion").GetString()} {v.GetProperty("id").GetString()}")
            .Order(StringComparer.Ordinal)];
    }
}
