using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Palisade.Cluster.Api;
using Palisade.Kubernetes;
using Palisade.Operator.Api;
using Palisade.Operator.Images;
using Palisade.Operator.Leadership;
using Palisade.Operator.Reports;

namespace Palisade.Operator;

/// <summary>
/// <c>palisade operator</c>: health and metrics endpoints on every replica; the leader (by Lease) watches the cluster,
/// keeps PolicyReports current and runs image scans as Jobs. Readiness means connected and, for the leader, watching.
/// </summary>
public static class OperatorHost
{
    public static async Task RunAsync(OperatorOptions options, TextWriter logOutput, CancellationToken cancellationToken)
    {
        var log = new OperatorLog(logOutput, options.Clock);
        using var connection = ClusterConnection.Open(options.Connection, Environment.GetEnvironmentVariable);
        var writer = new ApiWriter(connection);
        using var scheduler = options.ScanImages ? new ImageScanScheduler(writer, options.Scans, options.Clock) : null;
        var metrics = new OperatorMetrics(log, scheduler is null ? null : scheduler.Counts);
        var elector = new LeaseElector(writer, options.Scans.Namespace, options.LeaseName, options.Identity, options.Lease, options.Clock, metrics);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(Endpoint(options.Listen));
        });
        await using var app = builder.Build();
        // Plain request delegates: no reflection over handler signatures, so Native AOT keeps them.
        app.MapGet("/healthz", (RequestDelegate)(context => Text(context, "ok\n", "text/plain")));
        app.MapGet("/readyz", (RequestDelegate)(context => Text(context, metrics.Leading ? "leading\n" : "standby\n", "text/plain")));
        app.MapGet("/metrics", (RequestDelegate)(context => Text(context, metrics.Render(), "text/plain; version=0.0.4")));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        log.Info("operator started", ("identity", options.Identity), ("namespace", options.Scans.Namespace), ("listen", options.Listen), ("server", connection.Server.ToString()));
        try
        {
            await elector.RunAsync(token =>
            {
                var reporter = new WorkloadReporter(writer, new ManifestScanOptions(), options.Clock, metrics, scheduler);
                return new OperatorService(connection, reporter, metrics, scheduler).RunAsync(token);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            log.Info("operator stopped", ("identity", options.Identity));
        }
    }

    private static Task Text(HttpContext context, string body, string contentType)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private static IPEndPoint Endpoint(string listen)
    {
        var colon = listen.LastIndexOf(':');
        return colon > 0 && IPAddress.TryParse(listen[..colon].Trim('[', ']'), out var address) && int.TryParse(listen[(colon + 1)..], out var port)
            ? new IPEndPoint(address, port)
            : throw new ArgumentException($"--listen: '{listen}' is not ADDRESS:PORT");
    }
}
