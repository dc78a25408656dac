using System.IO.Compression;
using System.Text;
using Palisade.Core.Findings;
using Palisade.Images.Checks;
using Palisade.Images.Sources;
using Palisade.TestSupport;

namespace Palisade.Images.Tests;

/// <summary>Images built by the test from the files in Fixtures/packages and Fixtures/secrets, read through the real layer path.</summary>
public sealed class ImageContentTests
{
    private static byte[] Fixture(string folder, string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", folder, name));

    private static string NewDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-image-tests", Guid.NewGuid().ToString("N"))).FullName;

    private static ImageAnalysisResult Analyse(IReadOnlyList<IReadOnlyList<LayerEntry>> layers, IReadOnlyList<string>? history = null)
    {
        var built = TestImage.Layout(NewDirectory(), layers, history: history);
        using var image = OciLayout.Open(built.Directory);
        return ImageAnalysis.Analyse(image, ImageConfig.Parse(image.Config), secrets: true);
    }

    private static byte[] Jar(params (string Path, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in entries)
            {
                using var stream = zip.CreateEntry(path).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public void Language_packages_are_found_with_their_path_and_layer()
    {
        const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        var goBinary = TestImage.Elf((".text", new byte[128]), (".go.buildinfo", TestImage.GoBuildInfo("go1.21.3", Encoding.UTF8.GetString(Fixture("packages", "go-modinfo.txt")))));
        var rustBinary = TestImage.Elf((".text", new byte[128]), (".dep-v0", ZlibCompress(Fixture("packages", "cargo-auditable.json"))));
        var innerJar = Jar(("META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties", Fixture("packages", "jackson-databind-pom.properties")));
        var bootJar = Jar(("META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties", Fixture("packages", "log4j-core-pom.properties")), ("BOOT-INF/lib/jackson-databind-2.9.8.jar", innerJar));
        var result = Analyse(
        [
            [new LayerEntry("app/web/package-lock.json", Fixture("packages", "package-lock-v3.json")), new LayerEntry("srv/legacy/package-lock.json", Fixture("packages", "package-lock-v1.json")),
             new LayerEntry("app/web/node_modules/@types/node/package.json", Fixture("packages", "scoped-package.json")),
             new LayerEntry("app/App.deps.json", Fixture("packages", "app.deps.json"))],
            [new LayerEntry("usr/lib/python3/site-packages/requests-2.25.0.dist-info/METADATA", Fixture("packages", "requests-METADATA")),
             new LayerEntry("usr/lib/python2.7/site-packages/Jinja2-2.10.egg-info/PKG-INFO", Fixture("packages", "Jinja2-PKG-INFO")),
             new LayerEntry("src/myapp/Cargo.lock", Fixture("packages", "Cargo.lock")),
             new LayerEntry("usr/local/bin/server", goBinary, Executable), new LayerEntry("usr/local/bin/rustapp", rustBinary, Executable),
             new LayerEntry("opt/app/app.jar", bootJar)],
        ]);
        var packages = result.Inventory.Packages.Select(p => $"{p.Ecosystem} {p.Name} {p.Version} {p.Path}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "Go github.com/gin-gonic/gin v1.9.1 /usr/local/bin/server",
            "Go golang.org/x/net v0.7.0 /usr/local/bin/server",
            "Go stdlib 1.21.3 /usr/local/bin/server",
            "Maven com.fasterxml.jackson.core:jackson-databind 2.9.8 /opt/app/app.jar!/BOOT-INF/lib/jackson-databind-2.9.8.jar",
            "Maven org.apache.logging.log4j:log4j-core 2.14.1 /opt/app/app.jar",
            "NuGet Newtonsoft.Json 12.0.1 /app/App.deps.json",
            "NuGet System.Text.Encodings.Web 4.5.0 /app/App.deps.json",
            "PyPI Jinja2 2.10 /usr/lib/python2.7/site-packages/Jinja2-2.10.egg-info/PKG-INFO",
            "PyPI requests 2.25.0 /usr/lib/python3/site-packages/requests-2.25.0.dist-info/METADATA",
            "crates.io aho-corasick 0.7.18 /usr/local/bin/rustapp",
            "crates.io regex 1.5.4 /usr/local/bin/rustapp",
            "crates.io smallvec 1.6.0 /src/myapp/Cargo.lock",
            "crates.io time 0.1.43 /src/myapp/Cargo.lock",
            "npm @types/node 20.1.0 /app/web/node_modules/@types/node/package.json",
            "npm express 4.17.1 /app/web/package-lock.json",
            "npm lodash 4.17.15 /srv/legacy/package-lock.json",
            "npm qs 6.7.0 /app/web/package-lock.json",
            "npm request 2.88.0 /srv/legacy/package-lock.json",
            "npm tough-cookie 2.4.3 /srv/legacy/package-lock.json",
        ], packages);
        Assert.Empty(result.Inventory.Problems);
        var layers = result.Inventory.Packages.Select(p => p.Layer).Distinct().ToList();
        Assert.Equal(2, layers.Count);
        // The first layer holds the .NET and npm manifests; everything else came in the second.
        var first = result.Inventory.Packages.Single(p => p.Name == "Newtonsoft.Json").Layer;
        Assert.All(result.Inventory.Packages, p => Assert.Equal(p.Ecosystem is "NuGet" or "npm", p.Layer == first));
    }

    [Fact]
    public void Secrets_are_found_in_every_layer_redacted_with_line_and_layer()
    {
        var result = Analyse(
        [
            [new LayerEntry("root/.ssh/id_rsa", Fixture("secrets", "id_rsa")), new LayerEntry("root/.aws/credentials", Fixture("secrets", "aws-credentials")),
             new LayerEntry("app/gcp-key.json", Fixture("secrets", "gcp-key.json")), new LayerEntry("app/appsettings.json", Fixture("secrets", "appsettings.json")),
             new LayerEntry("app/deploy.sh", Fixture("secrets", "deploy.sh")), new LayerEntry("root/.kube/config", Fixture("secrets", "kubeconfig")),
             new LayerEntry("root/.docker/config.json", Fixture("secrets", "docker-config.json")), new LayerEntry("etc/app/db.conf", Fixture("secrets", "db.conf")),
             new LayerEntry("etc/app/harmless.conf", Fixture("secrets", "harmless.conf")), new LayerEntry("usr/share/doc/example/id_rsa", Fixture("secrets", "id_rsa"))],
            [LayerEntry.Whiteout("root/.ssh/id_rsa")],
        ]);
        var found = result.SecretFindings.Select(f => $"{f.Check.Id} {f.Target.Location!.File}:{f.Target.Location.Line}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "image.secret.aws-access-key /root/.aws/credentials:2",
            "image.secret.aws-access-key /root/.aws/credentials:3",
            "image.secret.azure-connection-string /app/appsettings.json:2",
            "image.secret.docker-config-auth /root/.docker/config.json:1",
            "image.secret.gcp-service-account /app/gcp-key.json:2",
            "image.secret.github-token /app/deploy.sh:3",
            "image.secret.gitlab-token /app/deploy.sh:4",
            "image.secret.kubeconfig-credentials /root/.kube/config:10",
            "image.secret.password-assignment /etc/app/db.conf:3",
            "image.secret.private-key /app/gcp-key.json:5",
            "image.secret.private-key /root/.ssh/id_rsa:1",
            "image.secret.slack-token /app/deploy.sh:5",
        ], found);
        var key = Assert.Single(result.SecretFindings, f => f.Target.Location!.File == "/root/.ssh/id_rsa");
        Assert.Contains("a later layer removes or replaces the file, but this layer still ships it", key.Message, StringComparison.Ordinal);
        Assert.NotNull(key.Target.Layer);
        Assert.All(result.SecretFindings, f => Assert.EndsWith("********", f.Evidence, StringComparison.Ordinal));
        Assert.DoesNotContain(result.SecretFindings, f => f.Evidence!.Contains("wJalrXUtnFEMI", StringComparison.Ordinal) || f.Evidence.Contains("Sup3rS3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Binaries_and_large_files_are_not_searched_for_secrets()
    {
        var binary = Fixture("secrets", "aws-credentials").Concat(new byte[] { 0, 1, 2 }).ToArray();
        var large = Encoding.UTF8.GetBytes(new string('a', 2 * 1024 * 1024) + "\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        var result = Analyse([[new LayerEntry("usr/bin/tool", binary), new LayerEntry("var/log/huge.log", large)]]);
        Assert.Empty(result.SecretFindings);
    }

    [Fact]
    public void Setuid_files_added_by_the_image_are_reported_and_the_base_image_ones_are_not()
    {
        const UnixFileMode Setuid = UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherExecute;
        var result = Analyse(
            [[new LayerEntry("usr/bin/passwd", [1, 2, 3], Setuid)], [new LayerEntry("usr/local/bin/helper", [1, 2, 3], Setuid | UnixFileMode.SetGroup)], [LayerEntry.Text("app/readme", "x")]],
            ["/bin/sh -c #(nop) ADD file:base in /", "/bin/sh -c #(nop)  CMD [\"/bin/sh\"]", "RUN install helper # buildkit", "COPY readme /app/ # buildkit"]);
        var finding = Assert.Single(result.FileFindings);
        Assert.Equal(("image.setuid-binary", FindingStatus.Info), (finding.Check.Id.Value, finding.Status));
        Assert.Contains("/usr/local/bin/helper is setuid and setgid (layer 2)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Symlink_loops_and_escapes_do_not_leave_the_image()
    {
        var result = Analyse(
        [
            [new LayerEntry("etc/os-release") { SymlinkTo = "../../../../etc/os-release" }, new LayerEntry("a") { SymlinkTo = "b" }, new LayerEntry("b") { SymlinkTo = "a" },
             new LayerEntry("lib/apk/db/installed") { SymlinkTo = "/a" }],
        ]);
        Assert.Null(result.Inventory.OperatingSystem);
        Assert.Empty(result.Inventory.Packages);
    }

    private static byte[] ZlibCompress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(data);
        }
        return output.ToArray();
    }
}
