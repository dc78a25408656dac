using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Xunit;

namespace Palisade.TestSupport;

/// <summary>
/// A real OCI registry (Debian's docker-registry, distribution 2.8) on a free 127.0.0.1 port, optionally behind
/// htpasswd basic auth, started for a test class and stopped after it. Tests push the images they build.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    public const string User = "palisade";
    public const string Password = "palisade-test-password";
    private readonly Process? _process;
    private readonly string _root;
    private readonly TokenIssuer? _tokens;

    /// <summary>The token service, for a registry started with one.</summary>
    public TokenIssuer? Tokens => _tokens;

    /// <summary>A registry that only accepts bearer tokens from the issuer (the token protocol public registries use).</summary>
    public RegistryServer(Func<string, TokenIssuer> tokens)
        : this(withAuth: false, tokens)
    {
    }

    public RegistryServer(bool withAuth)
        : this(withAuth, null)
    {
    }

    private RegistryServer(bool withAuth, Func<string, TokenIssuer>? tokens)
    {
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "palisade-registry", Guid.NewGuid().ToString("N"))).FullName;
        var binary = LocalServices.Which("docker-registry");
        if (binary is null || (withAuth && LocalServices.Which("htpasswd") is null))
        {
            Missing = "docker-registry (and htpasswd) are not installed: apt-get install docker-registry apache2-utils";
            return;
        }
        Port = LocalServices.FreePort();
        var auth = "";
        if (withAuth)
        {
            var htpasswd = Path.Combine(_root, "htpasswd");
            Run("htpasswd", "-Bbc", htpasswd, User, Password);
            auth = $"auth:\n  htpasswd:\n    realm: palisade-test\n    path: {htpasswd}\n";
        }
        if (tokens is not null)
        {
            _tokens = tokens(_root);
            auth = $"auth:\n  token:\n    realm: {_tokens.Realm}\n    service: {TokenIssuer.Service}\n    issuer: {TokenIssuer.Issuer}\n    rootcertbundle: {_tokens.BundlePath}\n";
        }
        var config = Path.Combine(_root, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
            http:
              addr: 127.0.0.1:{Port}
              secret: palisade-test-only
            {auth}
            """);
        _process = Process.Start(new ProcessStartInfo(binary, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var client = new HttpClient();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                var code = (int)client.GetAsync(new Uri($"http://127.0.0.1:{Port}/v2/")).Result.StatusCode;
                if (code is 200 or 401)
                {
                    return;
                }
            }
            catch (AggregateException)
            {
            }
            Thread.Sleep(100);
        }
        Missing = "docker-registry did not start";
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    /// <summary>Why the registry is not available, or null when it runs.</summary>
    public string? Missing { get; }

    /// <summary>Pushes every blob and the manifest of a built layout, then tags it; returns the manifest digest.</summary>
    public async Task<string> PushAsync(string repository, string tag, TestImage.Built image, bool authenticate = true)
    {
        using var client = Client(authenticate, repository);
        foreach (var blob in image.LayerBlobs.Append(image.Config))
        {
            await PushBlobAsync(client, repository, blob);
        }
        return await PushManifestAsync(client, repository, tag, image.Manifest, "application/vnd.oci.image.manifest.v1+json");
    }

    public async Task<string> PushManifestAsync(string repository, string reference, byte[] manifest, string mediaType, bool authenticate = true)
    {
        using var client = Client(authenticate, repository);
        return await PushManifestAsync(client, repository, reference, manifest, mediaType);
    }

    private HttpClient Client(bool authenticate, string repository)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://{Host}/v2/") };
        if (_tokens is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.Mint($"repository:{repository}:pull,push"));
        }
        else if (authenticate)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        }
        return client;
    }

    private static async Task PushBlobAsync(HttpClient client, string repository, byte[] blob)
    {
        using var start = await client.PostAsync(new Uri($"{repository}/blobs/uploads/", UriKind.Relative), null);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!;
        var upload = location.IsAbsoluteUri ? location : new Uri(client.BaseAddress!, location);
        var separator = upload.Query.Length > 0 ? "&" : "?";
        using var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await client.PutAsync(new Uri($"{upload}{separator}digest={Uri.EscapeDataString(TestImage.Digest(blob))}"), content);
        put.EnsureSuccessStatusCode();
    }

    private static async Task<string> PushManifestAsync(HttpClient client, string repository, string reference, byte[] manifest, string mediaType)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await client.PutAsync(new Uri($"{repository}/manifests/{reference}", UriKind.Relative), content);
        put.EnsureSuccessStatusCode();
        return TestImage.Digest(manifest);
    }



    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        process.WaitForExit();
    }

    public void Dispose()
    {
        LocalServices.Stop(_process, _root);
        _tokens?.Dispose();
    }
}

/// <summary>Skips (or, in CI, fails) a test when a real component is missing.</summary>
public static class Component
{
    public static void Require(string? missing)
    {
        if (missing is null)
        {
            return;
        }
        if (Corpus.InCi)
        {
            Assert.Fail($"{missing} (CI must install it: see .ci/run)");
        }
        Skip.If(true, missing);
    }
}
