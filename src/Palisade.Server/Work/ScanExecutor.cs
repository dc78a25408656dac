using System.Text.Json;
using Palisade.Cluster;
using Palisade.Cluster.Versions;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Images;
using Palisade.Images.Sbom;
using Palisade.Images.Sources;
using Palisade.Images.Sources.Registry;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests.Kustomize;
using Palisade.Reporting;
using Palisade.Reporting.Json;
using Palisade.Server.Security;
using Palisade.Server.Storage;
using Palisade.Vulnerabilities.Store;

namespace Palisade.Server.Work;

/// <summary>The kinds of scan the server runs, as named in a request.</summary>
public static class ScanKinds
{
    public static readonly IReadOnlyList<string> All = ["image", "manifests", "sbom", "cluster-snapshot"];
}

/// <summary>
/// Runs one claimed scan with the same scanners the CLI uses and renders every report format the kind allows. Only
/// paths under the allowed roots are read; an uploaded body is scanned from a private temporary directory.
/// </summary>
public sealed class ScanExecutor(ServerOptions options, AllowedRoots roots, ImageStore images, Rematcher rematcher)
{
    private readonly VulnerabilityStore _advisories = new(Path.GetFullPath(options.AdvisoryDatabase, options.WorkingDirectory), options.Clock);

    public async Task<ScanResultRecord> RunAsync(ClaimedScan scan, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("palisade-server-").FullName;
        try
        {
            var started = options.Clock.GetUtcNow();
            var timestamp = options.Clock.GetTimestamp();
            var target = scan.Target ?? "upload";
            var output = await ScanAsync(scan, scratch, cancellationToken).ConfigureAwait(false);
            var result = new ScanResult(new ScanInfo(scan.Kind, [target], started, options.Clock.GetElapsedTime(timestamp)),
                [.. output.Findings.OrderBy(f => f, FindingOrder.Instance)], output.Suppressed, output.Diagnostics) { Inventory = output.Inventory };
            var reports = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var writer in ReportWriters.All.Where(w => !w.NeedsInventory || result.Inventory is not null))
            {
                using var text = new StringWriter();
                await writer.WriteAsync(result, text, new ReportOptions(ServerInfo.Version), cancellationToken).ConfigureAwait(false);
                reports[writer.Format] = text.ToString();
            }
            var findings = result.Findings.Select(f => new StoredFinding(f.Check.Id.Value, f.Severity.ToSlug(), JsonReportWriter.Serialize(f))).ToList();
            var digest = output.Inventory?.Digest;
            if (digest is not null && output.Inventory is { } inventory)
            {
                // An upload is known by the name its SBOM gives the image.
                var reference = scan.Target ?? inventory.Subject;
                await images.SaveAsync(digest, reference, StoredInventories.Serialize(inventory), cancellationToken).ConfigureAwait(false);
                await rematcher.RecordAsync(digest, reference, result.Findings, notify: false, cancellationToken).ConfigureAwait(false);
            }
            var summary = JsonSerializer.Serialize(Summary(result.Summary), ApiJson.Context.ApiSummary);
            return new ScanResultRecord(summary, reports, findings, digest);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task<ScanOutput> ScanAsync(ClaimedScan scan, string scratch, CancellationToken cancellationToken)
    {
        var progress = NoProgress.Instance;
        switch (scan.Kind)
        {
            case "sbom":
            {
                var (name, open) = Input(scan);
                return await new SbomScanner(_advisories.OpenProvider, _advisories.Path, options.Clock)
                    .ScanAsync(new SbomScanRequest(name, open), progress, cancellationToken).ConfigureAwait(false);
            }
            case "manifests":
            {
                var path = scan.Body is null ? Allowed(scan.Target!) : Upload(scan.Body, scratch, "manifests.yaml");
                var request = new ManifestScanRequest([path], new ManifestScanOptions { WorkingDirectory = scratch, Clock = options.Clock });
                var output = await new ManifestScanner(new KustomizeRenderer(), () => Stream.Null).ScanAsync(request, progress, cancellationToken).ConfigureAwait(false);
                return scan.Body is null ? output : Renamed(output, path, "upload");
            }
            case "cluster-snapshot":
            {
                var path = scan.Body is null ? Allowed(scan.Target!) : Upload(scan.Body, scratch, "cluster.snapshot");
                var loader = new ClusterSnapshotLoader(_ => null, options.Clock);
                return await new ClusterScanner(loader, _advisories.OpenProvider, _advisories.Path, options.Clock)
                    .ScanAsync(new ClusterScanRequest(new SnapshotSource(path, scan.Target ?? "upload"), KubernetesReleases.Shipped()), progress, cancellationToken).ConfigureAwait(false);
            }
            case "image":
            {
                var reference = ImageTarget(scan.Target!);
                var request = new ImageScanRequest(reference, scratch, new RegistrySettings(Platform.Default, Offline: !options.AllowRegistry, () => new HttpClient { Timeout = TimeSpan.FromMinutes(10) }));
                return await new ImageScanner(_advisories.OpenProvider, _advisories.Path, options.Clock).ScanAsync(request, progress, cancellationToken).ConfigureAwait(false);
            }
            default:
                throw new ScanRejectedException($"unknown scan kind '{scan.Kind}'");
        }
    }

    /// <summary>The body, or the allowed file the target names, as something to open.</summary>
    private (string Name, Func<Stream> Open) Input(ClaimedScan scan)
    {
        if (scan.Body is { } body)
        {
            return ("upload", () => new MemoryStream(body, writable: false));
        }
        var path = Allowed(scan.Target!);
        return (scan.Target!, () => File.OpenRead(path));
    }

    private string Allowed(string target) =>
        roots.Resolve(target) ?? throw new ScanRejectedException($"'{target}' is not under a directory this server may read (--allow-path)");

    /// <summary>An image target: a path (with :tag or @digest for a layout) under the allowed roots, or a registry reference.</summary>
    private string ImageTarget(string target)
    {
        if (Path.IsPathFullyQualified(target))
        {
            var path = target;
            var suffix = "";
            var cut = target.LastIndexOf('/');
            var mark = target.IndexOfAny([':', '@'], cut + 1);
            if (!Path.Exists(target) && mark > 0)
            {
                (path, suffix) = (target[..mark], target[mark..]);
            }
            return Allowed(path) + suffix;
        }
        return options.AllowRegistry ? target
            : throw new ScanRejectedException($"'{target}' is a registry reference and this server does not pull images (--no-registry)");
    }

    private static string Upload(byte[] body, string scratch, string name)
    {
        var path = Path.Combine(scratch, name);
        File.WriteAllBytes(path, body);
        return path;
    }

    /// <summary>An upload is reported as "upload", never as the server's temporary path.</summary>
    private static ScanOutput Renamed(ScanOutput output, string path, string name)
    {
        Finding Rename(Finding f) => f.Target.Location is { } location && location.File == path ? f with { Target = f.Target with { Location = location with { File = name } } } : f;
        return output with
        {
            Findings = [.. output.Findings.Select(Rename)],
            Suppressed = [.. output.Suppressed.Select(s => s with { Finding = Rename(s.Finding) })],
            Diagnostics = [.. output.Diagnostics.Select(d => d.Source == path ? d with { Source = name } : d)],
        };
    }

    internal static ApiSummary Summary(ScanSummary s) => new(s.Critical, s.High, s.Medium, s.Low, s.Info, s.Passed, s.Suppressed, s.Errors);
}

/// <summary>A scan the server will not run as asked (a path outside the roots, an unknown kind): it fails with this reason.</summary>
public sealed class ScanRejectedException(string message) : Exception(message);
