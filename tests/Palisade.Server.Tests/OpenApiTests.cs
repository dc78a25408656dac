using System.Text.Json;

namespace Palisade.Server.Tests;

/// <summary>The OpenAPI document describes exactly the endpoints the server maps.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task Every_endpoint_is_documented_and_every_documented_path_exists()
    {
        var root = ServerHarness.NewRoot();
        await using var server = await ServerHarness.StartAsync("sqlite:" + Path.Combine(root, "server.db"), root);
        using var document = JsonDocument.Parse(await server.Reader.GetStringAsync("/openapi/v1.json"));
        Assert.Equal("3.1.0", document.RootElement.GetProperty("openapi").GetString());
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name.ToUpperInvariant(), path.Name))).Order().ToList();
        Assert.Equal(PalisadeServer.Routes.Order(), documented);

        using var unknown = await server.Reader.GetAsync("/api/v2/anything");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }
}
