using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Checks;
using Palisade.Kubernetes.Manifests;
using Palisade.Operator.Api;
using Palisade.Operator.Images;
using Palisade.Operator.Watching;

namespace Palisade.Operator.Reports;

/// <summary>
/// Runs the manifest checks on a workload as it changes and keeps its PolicyReport current: written when the results
/// differ from the last written, deleted with the workload. Pods, ReplicaSets and Jobs that a controller owns are
/// reported once, on their owner. Checks that need the whole cluster (NetworkPolicy coverage, service-account
/// settings) are left to cluster-wide passes.
/// </summary>
public sealed class WorkloadReporter(ApiWriter api, ManifestScanOptions options, TimeProvider clock, IReportObserver? observer = null, ImageScanScheduler? images = null)
{
    private readonly WorkloadImages _running = new();
    private readonly ConcurrentDictionary<WorkloadKey, WatchEvent> _latest = new();

    private static readonly DocumentLimits Limits = new() { MaxFileBytes = 16 * 1024 * 1024, MaxDocuments = 1 };
    private readonly ManifestEvaluator _evaluator = new(options with
    {
        SkipChecks = new HashSet<string>([.. options.SkipChecks, .. ManifestChecks.CrossObject.Select(c => c.Info.Id.Value)]),
    });

    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);

    public static IReadOnlyList<WatchedResource> Resources { get; } =
    [
        WatchedResource.Grouped("apps", "v1", "deployments", "Deployment"),
        WatchedResource.Grouped("apps", "v1", "statefulsets", "StatefulSet"),
        WatchedResource.Grouped("apps", "v1", "daemonsets", "DaemonSet"),
        WatchedResource.Grouped("apps", "v1", "replicasets", "ReplicaSet"),
        WatchedResource.Grouped("batch", "v1", "jobs", "Job"),
        WatchedResource.Grouped("batch", "v1", "cronjobs", "CronJob"),
        WatchedResource.Core("pods", "Pod"),
        WatchedResource.Core("replicationcontrollers", "ReplicationController"),
    ];

    public async ValueTask HandleAsync(WatchEvent change, CancellationToken cancellationToken)
    {
        if (images is not null)
        {
            await TrackImagesAsync(change, cancellationToken).ConfigureAwait(false);
        }
        if (change.Type != WatchEventType.Deleted && Controlled(change.Object))
        {
            return;
        }
        var workload = new WorkloadKey(change.Namespace, change.Resource.Kind, change.Name);
        if (change.Type == WatchEventType.Deleted)
        {
            _latest.TryRemove(workload, out _);
        }
        else
        {
            _latest[workload] = change;
        }
        await ReportAsync(change, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An image's scan finished or failed: the reports of the workloads running it are written again.</summary>
    public async ValueTask ImageChangedAsync(string digest, CancellationToken cancellationToken)
    {
        foreach (var workload in _running.WorkloadsRunning(digest))
        {
            if (_latest.TryGetValue(workload, out var change))
            {
                await ReportAsync(change, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Pods say which digests run where; ReplicaSets and Jobs say whose pods those are. New digests go to the scheduler.</summary>
    private async ValueTask TrackImagesAsync(WatchEvent change, CancellationToken cancellationToken)
    {
        switch (change.Resource.Kind)
        {
            case "ReplicaSet" or "Job":
                _running.ObserveOwner(change);
                break;
            case "Pod":
                var running = change.Type == WatchEventType.Deleted ? [] : RunningImage.Of(change.Object);
                foreach (var image in running)
                {
                    images!.Observe(image);
                }
                if (_running.ObservePod(change, running) is { } workload && _latest.TryGetValue(workload, out var owner) && !ReferenceEquals(owner, change))
                {
                    await ReportAsync(owner, cancellationToken).ConfigureAwait(false);
                }
                break;
        }
    }

    private async ValueTask ReportAsync(WatchEvent change, CancellationToken cancellationToken)
    {
        var scope = Scope(change);
        var collection = $"/apis/wgpolicyk8s.io/v1alpha2/namespaces/{change.Namespace}/policyreports";
        var name = PolicyReportBuilder.NameFor(scope);
        var key = $"{change.Namespace}/{name}";
        if (change.Type == WatchEventType.Deleted)
        {
            if (_written.TryRemove(key, out _))
            {
                var (status, _) = await api.SendAsync(HttpMethod.Delete, $"{collection}/{name}", null, cancellationToken).ConfigureAwait(false);
                observer?.ReportDeleted(change.Namespace, key, status);
            }
            return;
        }
        var findings = Scan(change);
        var imageStates = images is null ? [] : _running.DigestsOf(new WorkloadKey(change.Namespace, change.Resource.Kind, change.Name))
            .Select(images.StateOf).OfType<ImageScanState>().ToList();
        var report = PolicyReportBuilder.Build(scope, findings, imageStates, clock.GetUtcNow());
        var digest = report["metadata"]!["annotations"]![PolicyReportBuilder.DigestAnnotation]!.GetValue<string>();
        if (_written.TryGetValue(key, out var last) && last == digest)
        {
            return;
        }
        var written = await api.ApplyAsync(collection, name, report, cancellationToken).ConfigureAwait(false);
        if (written is HttpStatusCode.OK or HttpStatusCode.Created)
        {
            _written[key] = digest;
        }
        observer?.ReportWritten(change.Namespace, key, written, report["results"]!.AsArray()
            .Where(r => r!["result"]!.GetValue<string>() == "fail")
            .GroupBy(r => r!["severity"]?.GetValue<string>() ?? "unknown").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    private List<Finding> Scan(WatchEvent change)
    {
        if (JsonElementTree.From(change.Object, Limits, out var problem) is not YamlMapping root
            || KubernetesObject.From(root, $"{change.Resource.Resource}/{change.Namespace}/{change.Name}", out problem) is not { } obj)
        {
            return [];
        }
        // Live objects have no file to point into: the resource is the location.
        return [.. _evaluator.EvaluateAll([obj]).Findings];
    }

    private static ReportScope Scope(WatchEvent change)
    {
        var metadata = change.Object.GetProperty("metadata");
        return new ReportScope(change.Resource.ApiVersion, change.Resource.Kind, change.Namespace, change.Name,
            metadata.TryGetProperty("uid", out var uid) ? uid.GetString() ?? "" : "");
    }

    private static bool Controlled(JsonElement obj) =>
        obj.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("ownerReferences", out var owners) && owners.ValueKind == JsonValueKind.Array
        && owners.EnumerateArray().Any(o => o.TryGetProperty("controller", out var c) && c.ValueKind == JsonValueKind.True);
}

/// <summary>What the operator's metrics and logs learn from report writing.</summary>
public interface IReportObserver
{
    /// <param name="failures">The report's failed results by severity.</param>
    void ReportWritten(string @namespace, string report, HttpStatusCode status, IReadOnlyDictionary<string, int> failures);

    void ReportDeleted(string @namespace, string report, HttpStatusCode status);
}
