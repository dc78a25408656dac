using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.TestSupport;

/// <summary>
/// A registry token service on 127.0.0.1 in the shape Docker Hub, GHCR and Quay use (the distribution token
/// protocol): GET /token?service=…&amp;scope=… answers a JWT signed with a throw-away RSA key whose self-signed
/// certificate the registry trusts. It can demand basic credentials, and records what clients asked for.
/// </summary>
public sealed class TokenIssuer : IDisposable
{
    public const string Service = "palisade-registry";
    public const string Issuer = "palisade-test-issuer";
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly LoopbackHttpServer _server;
    private readonly List<string> _requests = [];

    public TokenIssuer(string directory, (string User, string Password)? required = null)
    {
        var request = new CertificateRequest("CN=palisade test token signer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        BundlePath = Path.Combine(directory, "token-signer.pem");
        File.WriteAllText(BundlePath, _certificate.ExportCertificatePem());
        _server = new LoopbackHttpServer(async context =>
        {
            var query = context.Request.QueryString;
            lock (_requests)
            {
                _requests.Add($"service={query["service"]} scope={query["scope"]} auth={context.Request.Headers["Authorization"]?.Split(' ')[0] ?? "none"}");
            }
            var expected = required is { } credentials ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{credentials.Password}")) : null;
            if (expected is not null && context.Request.Headers["Authorization"] != expected)
            {
                context.Response.StatusCode = (int)HttpStatusCode.Unauthorized;
                return;
            }
            var body = Encoding.UTF8.GetBytes(new JsonObject { ["token"] = Mint(query["scope"] ?? ""), ["expires_in"] = 300 }.ToJsonString());
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
        });
    }

    public string BundlePath { get; }

    public Uri Realm => _server.Url("token");

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A signed token granting what the scope asks ("repository:team/app:pull,push").</summary>
    public string Mint(string scope)
    {
        var access = new JsonArray();
        foreach (var item in scope.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length >= 3)
            {
                access.Add(new JsonObject
                {
                    ["type"] = parts[0],
                    ["name"] = string.Join(':', parts[1..^1]),
                    ["actions"] = new JsonArray([.. parts[^1].Split(',').Select(a => (JsonNode)JsonValue.Create(a)!)]),
                });
            }
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5c"] = new JsonArray(JsonValue.Create(Convert.ToBase64String(_certificate.RawData))) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = "palisade",
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now - 10,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _server.Dispose();
        _certificate.Dispose();
        _key.Dispose();
    }
}
