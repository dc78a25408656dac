using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Palisade.Server.Api;

/// <summary>Errors as RFC 9457 problem details (application/problem+json), never a stack trace.</summary>
internal static class Problems
{
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        var title = status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            405 => "Method Not Allowed",
            409 => "Conflict",
            413 => "Content Too Large",
            415 => "Unsupported Media Type",
            429 => "Too Many Requests",
            503 => "Service Unavailable",
            _ => "Internal Server Error",
        };
        if (status == 401)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"palisade\"";
        }
        var problem = new ApiProblem("about:blank", title, status, detail, context.Request.Path.Value);
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, ApiJson.Context.ApiProblem, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>A request the API refuses: its status and the reason shown to the caller.</summary>
internal sealed class ApiException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
