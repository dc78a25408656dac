using System.Diagnostics;
using System.Text.Json;
using static Palisade.Cli.Tests.CliRunner;

namespace Palisade.Cli.Tests;

/// <summary>
/// The image ./image builds (dist/image, dist/palisade-image.tar), scanned by Palisade itself: no high or critical
/// finding, no secret, a non-root user, its labels, and the Debian packages it carries; and it runs without a shell.
/// </summary>
public sealed class ContainerImageTests
{
    private static string Layout => Repo("dist", "image");

    private static string Archive => Repo("dist", "palisade-image.tar");

    private static void RequireImage()
    {
        if (!File.Exists(Archive) || !Directory.Exists(Layout))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "CI builds the image (./image) before the tests");
            Skip.If(true, "no image built (./image): the image is not checked");
        }
    }

    [SkippableTheory]
    [InlineData("archive")]
    [InlineData("layout")]
    public async Task Palisade_finds_nothing_serious_in_its_own_image(string form)
    {
        RequireImage();
        var reference = form == "archive" ? Archive : Layout;
        var run = await InProcessAsync(TempDirectory(), "scan", "image", reference, "--offline", "--scanners", "config,secret", "--format", "json", "--quiet");
        Assert.Equal(0, run.ExitCode);
        using var report = JsonDocument.Parse(run.Out);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.DoesNotContain(findings, f => f.GetProperty("severity").GetString() is "high" or "critical");
        Assert.DoesNotContain(findings, f => f.GetProperty("check").GetString()!.StartsWith("image.secret.", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, f => f.GetProperty("check").GetString() == "image.runs-as-root");
    }

    [SkippableFact]
    public async Task The_image_is_labelled_and_lists_the_debian_packages_it_carries()
    {
        RequireImage();
        var run = await InProcessAsync(TempDirectory(), "scan", "image", Archive, "--offline", "--scanners", "config", "--format", "cyclonedx", "--quiet");
        using var bom = JsonDocument.Parse(run.Out);
        var names = bom.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("libc6", names);
        Assert.Contains("libssl3", names);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Layout, "index.json")));
        Assert.Single(config.RootElement.GetProperty("manifests").EnumerateArray());
    }

    [SkippableFact]
    public void The_binary_runs_inside_the_image_as_its_user_without_a_shell()
    {
        RequireImage();
        Skip.If(Environment.UserName != "root" || !File.Exists("/usr/sbin/chroot") || !File.Exists("/usr/bin/umoci"), "needs root, chroot and umoci");
        var bundle = Path.Combine(TempDirectory(), "bundle");
        Run("/usr/bin/umoci", "unpack", "--image", $"{Layout}:{Version()}", bundle);
        Assert.False(File.Exists(Path.Combine(bundle, "rootfs", "bin", "sh")));
        var version = Run("/usr/sbin/chroot", "--userspec=65532:65532", Path.Combine(bundle, "rootfs"), "/opt/palisade/palisade", "--version");
        Assert.StartsWith(Version(), version, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_server_runs_inside_the_image_as_its_user()
    {
        RequireImage();
        Skip.If(Environment.UserName != "root" || !File.Exists("/usr/sbin/chroot") || !File.Exists("/usr/bin/umoci"), "needs root, chroot and umoci");
        var bundle = Path.Combine(TempDirectory(), "bundle");
        Run("/usr/bin/umoci", "unpack", "--image", $"{Layout}:{Version()}", bundle);
        var rootfs = Path.Combine(bundle, "rootfs");
        var token = new Palisade.Server.Security.TokenFile(Path.Combine(rootfs, "tmp", "tokens")).Add("probe", Palisade.Server.Security.TokenScope.Read);
        // As a Kubernetes Secret mounts it: readable by the image's user, who does not own it.
        File.SetUnixFileMode(Path.Combine(rootfs, "tmp", "tokens"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var port = Palisade.TestSupport.LocalServices.FreePort();
        var start = new ProcessStartInfo("/usr/sbin/chroot") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--userspec=65532:65532", rootfs, "/opt/palisade/palisade", "server", "--listen", $"127.0.0.1:{port}", "--db", "sqlite:/tmp/server.db", "--token-file", "/tmp/tokens", "--vuln-db", "/tmp/vulnerabilities.db" })
        {
            start.ArgumentList.Add(arg);
        }
        using var server = Process.Start(start)!;
        var log = server.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            string? ready = null;
            for (var i = 0; i < 100 && ready is null && !server.HasExited; i++)
            {
                try
                {
                    ready = await client.GetStringAsync("/readyz");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }
            Assert.True(ready == "ready\n", $"the server in the image did not become ready (exited: {server.HasExited})");
            Assert.Contains("\"findings\"", await client.GetStringAsync("/api/v1/findings"), StringComparison.Ordinal);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
        Assert.Contains("listening on http://127.0.0.1:", await log, StringComparison.Ordinal);
    }

    private static string Version() => File.ReadAllText(Path.Combine(Layout, "index.json")).Split("\"org.opencontainers.image.ref.name\":\"")[1].Split('"')[0];

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program}: {error}");
        return output;
    }
}
