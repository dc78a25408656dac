using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Palisade.Images.Layers;

namespace Palisade.Images.Sources.Registry;

/// <summary>
/// Reads an image from a registry over the OCI Distribution API: manifests (indexes and manifest lists resolved to
/// the platform), the config and the layers, each checked against its digest. Authenticates with a bearer token
/// from the WWW-Authenticate challenge or with basic credentials; never writes anything to the registry.
/// </summary>
public sealed partial class RegistryClient : IBlobSource, IDisposable
{
    private static readonly string Accept = string.Join(", ", ManifestResolver.IndexTypes.Concat(ManifestResolver.ManifestTypes));
    private readonly ImageReference _image;
    private readonly RegistrySettings _settings;
    private readonly HttpClient _http;
    private readonly RegistryCredentials? _credentials;
    private readonly Uri _base;
    private readonly CancellationToken _cancellationToken;
    private AuthenticationHeaderValue? _authorization;

    public RegistryClient(ImageReference image, RegistrySettings settings, CancellationToken cancellationToken)
    {
        _image = image;
        _settings = settings;
        _cancellationToken = cancellationToken;
        var hostOnly = image.Host.Split(':')[0];
        var loopback = hostOnly is "localhost" || (IPAddress.TryParse(hostOnly.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
        if (settings.Insecure && !loopback)
        {
            throw new ImageSourceException($"{image}: --insecure (plain HTTP) is only allowed for registries on loopback");
        }
        _base = new Uri($"{(settings.Insecure ? "http" : "https")}://{image.Host}/v2/");
        _http = settings.Http();
        _credentials = settings.Credentials ?? RegistryCredentials.FromDockerConfig(settings.DockerConfigPath, image.Host);
    }

    public ImageContent Open()
    {
        var (content, mediaType, digest) = FetchManifest(_image.Reference);
        _pinned[digest] = (content, mediaType);
        return ManifestResolver.Resolve(this, digest, mediaType, _settings.Platform, _image.ToString());
    }

    private readonly Dictionary<string, (byte[], string?)> _pinned = new(StringComparer.Ordinal);

    public (byte[] Content, string? MediaType) ReadManifest(string digest)
    {
        if (_pinned.TryGetValue(digest, out var known))
        {
            return known;
        }
        var (content, mediaType, _) = FetchManifest(digest);
        return (content, mediaType);
    }

    public byte[] ReadBlob(string digest)
    {
        using var response = Send(HttpMethod.Get, $"{_image.Repository}/blobs/{digest}", null);
        return ManifestResolver.Verify(ReadCapped(response, $"blob {digest}"), digest, _image.ToString());
    }

    public Stream OpenBlob(string digest)
    {
        var response = Send(HttpMethod.Get, $"{_image.Repository}/blobs/{digest}", null);
        return new ResponseStream(response, response.Content.ReadAsStream(_cancellationToken));
    }

    private (byte[] Content, string? MediaType, string Digest) FetchManifest(string reference)
    {
        using var response = Send(HttpMethod.Get, $"{_image.Repository}/manifests/{reference}", Accept);
        var content = ReadCapped(response, $"manifest {reference}");
        var actual = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content));
        if (reference.StartsWith("sha256:", StringComparison.Ordinal) && actual != reference)
        {
            throw new InvalidDataException($"{_image}: manifest {reference} has digest {actual}");
        }
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var header) && header.FirstOrDefault() is { } announced && announced.StartsWith("sha256:", StringComparison.Ordinal) && announced != actual)
        {
            throw new InvalidDataException($"{_image}: the registry announces digest {announced} but the manifest has {actual}");
        }
        return (content, response.Content.Headers.ContentType?.MediaType, actual);
    }

    private HttpResponseMessage Send(HttpMethod method, string path, string? accept)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_base, path));
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }
            request.Headers.Authorization = _authorization;
            HttpResponseMessage response;
            try
            {
                response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, _cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new ImageSourceException($"{_image}: cannot reach {_base.GetLeftPart(UriPartial.Authority)} ({ex.Message})", ex);
            }
            catch (TaskCanceledException ex) when (!_cancellationToken.IsCancellationRequested)
            {
                throw new ImageSourceException($"{_image}: {_base.GetLeftPart(UriPartial.Authority)} did not answer in time", ex);
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
            {
                var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
                response.Dispose();
                _authorization = Authenticate(challenge);
                continue;
            }
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new ImageSourceException(status switch
            {
                401 => $"{_image}: the registry refused the credentials (HTTP 401){(_credentials is null ? "; give --username/--password or log in with docker login" : "")}",
                403 => $"{_image}: access denied (HTTP 403)",
                404 => $"{_image}: not found (HTTP 404 for {path})",
                _ => $"{_image}: HTTP {status} for {path}",
            });
        }
    }

    private AuthenticationHeaderValue Authenticate(AuthenticationHeaderValue? challenge)
    {
        if (challenge is null)
        {
            throw new ImageSourceException($"{_image}: the registry wants authentication but sent no challenge");
        }
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return _credentials is null
                ? throw new ImageSourceException($"{_image}: the registry requires credentials; give --username/--password or log in with docker login")
                : new AuthenticationHeaderValue("Basic", _credentials.Basic);
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new ImageSourceException($"{_image}: unsupported authentication scheme '{challenge.Scheme}'");
        }
        var parameters = ChallengeParameters(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realmText) || !Uri.TryCreate(realmText, UriKind.Absolute, out var realm) || realm.Scheme is not ("https" or "http"))
        {
            throw new ImageSourceException($"{_image}: bearer challenge without a usable realm");
        }
        if (realm.Scheme == "http" && !(_settings.Insecure && realm.IsLoopback))
        {
            throw new ImageSourceException($"{_image}: refusing to fetch a token over plain HTTP from {realm.Host}");
        }
        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service))
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }
        query.Add("scope=" + Uri.EscapeDataString(parameters.GetValueOrDefault("scope") ?? $"repository:{_image.Repository}:pull"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realm) { Query = string.Join('&', query) }.Uri);
        if (_credentials is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _credentials.Basic);
        }
        using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, _cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new ImageSourceException($"{_image}: the token service at {realm.Host} answered HTTP {(int)response.StatusCode}");
        }
        using var document = JsonDocument.Parse(ReadCapped(response, "token"));
        var token = document.RootElement.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } a ? a
            : document.RootElement.TryGetProperty("access_token", out var at) && at.GetString() is { Length: > 0 } b ? b
            : throw new ImageSourceException($"{_image}: the token service returned no token");
        return new AuthenticationHeaderValue("Bearer", token);
    }

    public static Dictionary<string, string> ChallengeParameters(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match match in ChallengeParameter().Matches(text))
        {
            values[match.Groups["key"].Value] = match.Groups["quoted"].Success ? match.Groups["quoted"].Value : match.Groups["plain"].Value.Trim();
        }
        return values;
    }

    [GeneratedRegex(@"(?<key>[A-Za-z_]+)=(?:""(?<quoted>[^""]*)""|(?<plain>[^,]*))", RegexOptions.CultureInvariant)]
    private static partial Regex ChallengeParameter();

    private byte[] ReadCapped(HttpResponseMessage response, string what)
    {
        if (response.Content.Headers.ContentLength is > ManifestResolver.MaxMetadataBytes * 4)
        {
            throw new InvalidDataException($"{_image}: {what} is too large ({response.Content.Headers.ContentLength} bytes)");
        }
        using var stream = response.Content.ReadAsStream(_cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > ManifestResolver.MaxMetadataBytes * 4)
            {
                throw new InvalidDataException($"{_image}: {what} is too large");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A layer's response body that also releases the response when the reader is done.</summary>
    private sealed class ResponseStream(HttpResponseMessage response, Stream inner) : ReadOnlyStream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                response.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
