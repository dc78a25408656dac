using System.Text;
using System.Text.Json;
using Palisade.Images.Sources;
using Palisade.Images.Sources.Registry;
using Palisade.TestSupport;

namespace Palisade.Images.Tests;

/// <summary>Images pulled from a real registry (docker-registry on 127.0.0.1), anonymous and with basic auth.</summary>
public sealed class RegistryTests : IClassFixture<RegistryTests.Registries>
{
    public sealed class Registries : IDisposable
    {
        public RegistryServer Open { get; } = new(withAuth: false);
        public RegistryServer Locked { get; } = new(withAuth: true);

        /// <summary>Bearer tokens only, from a token service that wants the user's credentials.</summary>
        public RegistryServer Tokens { get; } = new(root => new TokenIssuer(root, (RegistryServer.User, RegistryServer.Password)));

        public void Dispose()
        {
            Open.Dispose();
            Locked.Dispose();
            Tokens.Dispose();
        }
    }

    private readonly Registries _registries;

    public RegistryTests(Registries registries) => _registries = registries;

    private static string NewDirectory() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-registry-images", Guid.NewGuid().ToString("N"))).FullName;

    private static TestImage.Built AlpineImage(string package, string version) => TestImage.Layout(NewDirectory(),
        [[LayerEntry.Text("etc/os-release", "ID=alpine\nVERSION_ID=3.19.1\n"), LayerEntry.Text("lib/apk/db/installed", $"P:{package}\nV:{version}\no:{package}\n\n")]]);

    private static RegistrySettings Settings(string platform = "linux/amd64", RegistryCredentials? credentials = null, string? dockerConfig = null) =>
        new(Platform.Parse(platform), Offline: false, () => new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            Insecure = true,
            Credentials = credentials,
            DockerConfigPath = dockerConfig,
        };

    private static ImageOpener.Opened Pull(string reference, RegistrySettings settings) =>
        ImageOpener.Open(reference, Path.GetTempPath(), settings, secrets: false, CancellationToken.None);

    [SkippableFact]
    public async Task An_image_is_read_from_an_anonymous_registry_by_tag_and_by_digest()
    {
        Component.Require(_registries.Open.Missing);
        var digest = await _registries.Open.PushAsync("team/app", "1.0", AlpineImage("musl", "1.2.4-r2"), authenticate: false);
        var byTag = Pull($"{_registries.Open.Host}/team/app:1.0", Settings());
        Assert.Equal(("musl", "1.2.4-r2"), (byTag.Inventory.Packages.Single().Name, byTag.Inventory.Packages.Single().Version));
        Assert.Equal(byTag.Inventory.Packages.Single().Layer, Pull($"{_registries.Open.Host}/team/app@{digest}", Settings()).Inventory.Packages.Single().Layer);
        Assert.NotNull(byTag.Config);
    }

    [SkippableFact]
    public async Task A_token_protected_registry_is_read_with_a_bearer_token_from_its_realm()
    {
        Component.Require(_registries.Tokens.Missing);
        await _registries.Tokens.PushAsync("team/tokened", "2.0", AlpineImage("zlib", "1.3.1-r0"));
        var reference = $"{_registries.Tokens.Host}/team/tokened:2.0";
        var pulled = Pull(reference, Settings(credentials: new RegistryCredentials(RegistryServer.User, RegistryServer.Password)));
        Assert.Equal(("zlib", "1.3.1-r0"), (pulled.Inventory.Packages.Single().Name, pulled.Inventory.Packages.Single().Version));
        Assert.Contains($"service={TokenIssuer.Service} scope=repository:team/tokened:pull auth=Basic", _registries.Tokens.Tokens!.Requests);

        var refused = Assert.Throws<ImageSourceException>(() => Pull(reference, Settings()));
        Assert.Contains("token service", refused.Message, StringComparison.Ordinal);
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_multi_platform_index_is_resolved_to_the_platform_asked_for()
    {
        Component.Require(_registries.Open.Missing);
        var amd64 = AlpineImage("musl", "1.2.4-r2");
        var arm64 = AlpineImage("busybox", "1.36.1-r15");
        await _registries.Open.PushAsync("team/multi", "amd64", amd64, authenticate: false);
        await _registries.Open.PushAsync("team/multi", "arm64", arm64, authenticate: false);
        var index = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.index.v1+json",
            manifests = new object[]
            {
                new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = amd64.ManifestDigest, size = amd64.Manifest.Length, platform = new { os = "linux", architecture = "amd64" } },
                new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = arm64.ManifestDigest, size = arm64.Manifest.Length, platform = new { os = "linux", architecture = "arm64", variant = "v8" } },
            },
        });
        await _registries.Open.PushManifestAsync("team/multi", "latest", index, "application/vnd.oci.image.index.v1+json", authenticate: false);
        Assert.Equal("musl", Pull($"{_registries.Open.Host}/team/multi", Settings()).Inventory.Packages.Single().Name);
        Assert.Equal("busybox", Pull($"{_registries.Open.Host}/team/multi:latest", Settings("linux/arm64")).Inventory.Packages.Single().Name);
        var missing = Assert.Throws<ImageSourceException>(() => Pull($"{_registries.Open.Host}/team/multi:latest", Settings("linux/s390x")));
        Assert.Contains("no image for platform linux/s390x (offered: linux/amd64, linux/arm64/v8)", missing.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Basic_auth_from_flags_or_the_docker_config()
    {
        Component.Require(_registries.Locked.Missing);
        await _registries.Locked.PushAsync("private/app", "1.0", AlpineImage("zlib", "1.3.1-r0"));
        var reference = $"{_registries.Locked.Host}/private/app:1.0";

        var anonymous = Assert.Throws<ImageSourceException>(() => Pull(reference, Settings()));
        Assert.Contains("requires credentials", anonymous.Message, StringComparison.Ordinal);
        var wrong = Assert.Throws<ImageSourceException>(() => Pull(reference, Settings(credentials: new RegistryCredentials(RegistryServer.User, "wrong"))));
        Assert.Contains("refused the credentials", wrong.Message, StringComparison.Ordinal);

        Assert.Equal("zlib", Pull(reference, Settings(credentials: new RegistryCredentials(RegistryServer.User, RegistryServer.Password))).Inventory.Packages.Single().Name);

        var config = Path.Combine(NewDirectory(), "config.json");
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RegistryServer.User}:{RegistryServer.Password}"));
        await File.WriteAllTextAsync(config, $$"""{ "auths": { "{{_registries.Locked.Host}}": { "auth": "{{auth}}" } } }""");
        Assert.Equal("zlib", Pull(reference, Settings(dockerConfig: config)).Inventory.Packages.Single().Name);
    }

    [SkippableFact]
    public async Task A_missing_tag_is_a_clear_error()
    {
        Component.Require(_registries.Open.Missing);
        await _registries.Open.PushAsync("team/other", "1.0", AlpineImage("musl", "1.2.4-r2"), authenticate: false);
        var error = Assert.Throws<ImageSourceException>(() => Pull($"{_registries.Open.Host}/team/other:9.9", Settings()));
        Assert.Contains("not found (HTTP 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_refused_for_anything_but_loopback()
    {
        var error = Assert.Throws<ImageSourceException>(() => Pull("registry.example.com/team/app:1.0", Settings()));
        Assert.Contains("only allowed for registries on loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offline_refuses_registry_references_before_any_connection()
    {
        var settings = new RegistrySettings(Platform.Default, Offline: true, () => throw new InvalidOperationException("the network was used"));
        var error = Assert.Throws<ImageSourceException>(() => Pull("registry.example.com/team/app:1.0", settings));
        Assert.Contains("--offline forbids the network", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alpine", "registry-1.docker.io", "library/alpine", "latest", null)]
    [InlineData("docker.io/bitnami/redis:7.2", "registry-1.docker.io", "bitnami/redis", "7.2", null)]
    [InlineData("ghcr.io/org/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ghcr.io", "org/app", "v1", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("localhost:5000/app", "localhost:5000", "app", "latest", null)]
    public void References_are_read_as_docker_reads_them(string text, string host, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.TryParse(text)!;
        Assert.Equal((host, repository, tag, digest), (reference.Host, reference.Repository, reference.Tag, reference.Digest));
    }

    [Theory]
    [InlineData("UPPER/case")]
    [InlineData("app:tag:extra")]
    [InlineData("app@sha256:short")]
    public void Malformed_references_are_rejected(string text) => Assert.Null(ImageReference.TryParse(text));

    [Fact]
    public void Bearer_challenges_are_parsed()
    {
        var parameters = RegistryClient.ChallengeParameters("realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull\"");
        Assert.Equal(("https://auth.example.com/token", "registry.example.com", "repository:a/b:pull"), (parameters["realm"], parameters["service"], parameters["scope"]));
    }
}
