using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Operator.Api;
using Palisade.Operator.Watching;
using Palisade.Reporting.Json;

namespace Palisade.Operator.Images;

/// <summary>
/// Scans each image digest once for the whole cluster, however many workloads run it: as Kubernetes Jobs in the
/// operator's namespace, at most <see cref="ScanJobOptions.MaxRunning"/> at a time. A Job's result is its pod's log
/// (the JSON report); a failed Job is retried after a doubling wait and, after the last attempt, the digest is
/// reported as failed. Results are kept by digest and announced through <see cref="Changed"/>.
/// </summary>
public sealed class ImageScanScheduler(ApiWriter api, ScanJobOptions options, TimeProvider clock, IImageScanObserver? observer = null) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ImageScanState> _states = new(StringComparer.Ordinal);
    private readonly Queue<string> _queue = new();
    private readonly Dictionary<string, string> _jobs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private int _running;

    /// <summary>Called with a digest whose scan finished or failed for good.</summary>
    public Func<string, CancellationToken, ValueTask>? Changed { get; set; }

    public WatchedResource Jobs => new("jobs", $"/apis/batch/v1/namespaces/{options.Namespace}/jobs", "batch/v1", "Job");

    public ImageScanState? StateOf(string digest)
    {
        lock (_gate)
        {
            return _states.GetValueOrDefault(digest);
        }
    }

    public (int Queued, int Running, int Failed) Counts()
    {
        lock (_gate)
        {
            return (_queue.Count, _running, _states.Values.Count(s => s.Status == ImageScanStatus.Failed));
        }
    }

    /// <summary>An image seen running: queued for a scan unless its digest is known already.</summary>
    public void Observe(RunningImage image)
    {
        lock (_gate)
        {
            if (!_states.TryAdd(image.Digest, ImageScanState.Queued(image)))
            {
                return;
            }
            _queue.Enqueue(image.Digest);
        }
        _wake.Release();
    }

    /// <summary>Starts Jobs as capacity frees up, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            while (TryDequeue(out var state))
            {
                await StartAsync(state, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private bool TryDequeue(out ImageScanState state)
    {
        lock (_gate)
        {
            state = null!;
            if (_running >= options.MaxRunning || !_queue.TryDequeue(out var digest))
            {
                return false;
            }
            _running++;
            state = _states[digest] with { Status = ImageScanStatus.Running, Attempts = _states[digest].Attempts + 1 };
            _states[digest] = state;
            return true;
        }
    }

    private async Task StartAsync(ImageScanState state, CancellationToken cancellationToken)
    {
        var name = ScanJobBuilder.NameFor(state.Image.Digest, state.Attempts);
        var credentials = await CopyCredentialsAsync(state.Image, name, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _jobs[name] = state.Image.Digest;
        }
        var (status, _) = await api.SendAsync(HttpMethod.Post, $"/apis/batch/v1/namespaces/{options.Namespace}/jobs", ScanJobBuilder.Build(state.Image, state.Attempts, credentials, options), cancellationToken).ConfigureAwait(false);
        observer?.JobCreated(name, status);
        if (status is not (HttpStatusCode.Created or HttpStatusCode.Conflict))
        {
            await FailAttemptAsync(state.Image.Digest, name, $"the Job could not be created (HTTP {(int)status})", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first dockerconfigjson pull secret of the pod's namespace, read and copied into ours for the Job (read-only use).</summary>
    private async Task<string?> CopyCredentialsAsync(RunningImage image, string job, CancellationToken cancellationToken)
    {
        foreach (var secret in image.PullSecrets)
        {
            var (status, body) = await api.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{image.Namespace}/secrets/{secret}", null, cancellationToken).ConfigureAwait(false);
            if (status != HttpStatusCode.OK || body?["type"]?.GetValue<string>() != "kubernetes.io/dockerconfigjson" || body["data"]?[".dockerconfigjson"] is not { } config)
            {
                continue;
            }
            var copy = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["type"] = "kubernetes.io/dockerconfigjson",
                ["metadata"] = new JsonObject { ["name"] = $"{job}-registry", ["namespace"] = options.Namespace, ["labels"] = new JsonObject { ["app.kubernetes.io/managed-by"] = "palisade" } },
                ["data"] = new JsonObject { [".dockerconfigjson"] = config.DeepClone() },
            };
            var (created, _) = await api.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{options.Namespace}/secrets", copy, cancellationToken).ConfigureAwait(false);
            return created is HttpStatusCode.Created or HttpStatusCode.Conflict ? $"{job}-registry" : null;
        }
        return null;
    }

    /// <summary>A change to one of our Jobs: a success is read from its pod's log, a failure retried or given up.</summary>
    public async ValueTask HandleJobAsync(WatchEvent change, CancellationToken cancellationToken)
    {
        string? digest;
        lock (_gate)
        {
            if (change.Type == WatchEventType.Deleted || !_jobs.TryGetValue(change.Name, out digest) || _finished.Contains(change.Name))
            {
                return;
            }
        }
        var status = change.Object.TryGetProperty("status", out var s) ? s : default;
        var succeeded = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("succeeded", out var ok) && ok.GetInt32() > 0;
        var failed = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("failed", out var bad) && bad.GetInt32() > 0;
        if (!succeeded && !failed)
        {
            return;
        }
        lock (_gate)
        {
            if (!_finished.Add(change.Name))
            {
                return;
            }
        }
        if (succeeded && await ReadResultAsync(change.Name, cancellationToken).ConfigureAwait(false) is var (findings, problem) && problem is null)
        {
            lock (_gate)
            {
                _states[digest] = _states[digest] with { Status = ImageScanStatus.Done, Findings = findings!, Problem = null };
                _running--;
            }
            await DeleteCredentialsAsync(change.Name, cancellationToken).ConfigureAwait(false);
            _wake.Release();
            observer?.ScanFinished(digest, ImageScanStatus.Done);
            await NotifyAsync(digest, cancellationToken).ConfigureAwait(false);
            return;
        }
        var reason = succeeded ? "its report could not be read" : Reason(status);
        await FailAttemptAsync(digest, change.Name, reason, cancellationToken).ConfigureAwait(false);
    }

    private async Task FailAttemptAsync(string digest, string job, string reason, CancellationToken cancellationToken)
    {
        ImageScanState state;
        lock (_gate)
        {
            _running--;
            state = _states[digest];
        }
        await DeleteCredentialsAsync(job, cancellationToken).ConfigureAwait(false);
        if (state.Attempts >= options.MaxAttempts)
        {
            lock (_gate)
            {
                _states[digest] = state with { Status = ImageScanStatus.Failed, Problem = $"scan failed after {state.Attempts} attempts: {reason}" };
            }
            _wake.Release();
            observer?.ScanFinished(digest, ImageScanStatus.Failed);
            await NotifyAsync(digest, cancellationToken).ConfigureAwait(false);
            return;
        }
        lock (_gate)
        {
            _states[digest] = state with { Status = ImageScanStatus.Queued, Problem = reason };
        }
        _wake.Release();
        var wait = options.RetryAfter * Math.Pow(2, state.Attempts - 1);
        observer?.ScanRetrying(digest, state.Attempts, wait);
        _ = RequeueAfterAsync(digest, wait, cancellationToken);
    }

    private async Task RequeueAfterAsync(string digest, TimeSpan wait, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_gate)
        {
            _queue.Enqueue(digest);
        }
        _wake.Release();
    }

    private async Task<(IReadOnlyList<Core.Findings.Finding>? Findings, string? Problem)> ReadResultAsync(string job, CancellationToken cancellationToken)
    {
        var (status, pods) = await api.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{options.Namespace}/pods?labelSelector={Uri.EscapeDataString("job-name=" + job)}", null, cancellationToken).ConfigureAwait(false);
        var pod = pods?["items"]?.AsArray().FirstOrDefault()?["metadata"]?["name"]?.GetValue<string>();
        if (status != HttpStatusCode.OK || pod is null)
        {
            return (null, "the Job's pod is gone");
        }
        var log = await api.GetTextAsync($"/api/v1/namespaces/{options.Namespace}/pods/{pod}/log", cancellationToken).ConfigureAwait(false);
        if (log is null)
        {
            return (null, "the Job's log could not be read");
        }
        var start = log.IndexOf("\n{", StringComparison.Ordinal) is >= 0 and var i ? i + 1 : log.StartsWith('{') ? 0 : -1;
        var end = log.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return (null, "the Job's log holds no report");
        }
        try
        {
            return (JsonReportReader.Read(log[start..(end + 1)], job).Findings, null);
        }
        catch (InvalidDataException ex)
        {
            return (null, ex.Message);
        }
    }

    private async Task DeleteCredentialsAsync(string job, CancellationToken cancellationToken) =>
        await api.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{options.Namespace}/secrets/{job}-registry", null, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _wake.Dispose();

    private ValueTask NotifyAsync(string digest, CancellationToken cancellationToken) => Changed?.Invoke(digest, cancellationToken) ?? ValueTask.CompletedTask;

    private static string Reason(JsonElement status)
    {
        if (status.ValueKind == JsonValueKind.Object && status.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in conditions.EnumerateArray())
            {
                if (condition.TryGetProperty("type", out var type) && type.GetString() == "Failed")
                {
                    var reason = condition.TryGetProperty("reason", out var r) ? r.GetString() : null;
                    var message = condition.TryGetProperty("message", out var m) ? m.GetString() : null;
                    return string.Join(": ", new[] { reason, message }.Where(x => !string.IsNullOrEmpty(x)));
                }
            }
        }
        return "the Job failed";
    }
}

/// <summary>What metrics and logs learn from image scans.</summary>
public interface IImageScanObserver
{
    void JobCreated(string job, HttpStatusCode status);

    void ScanRetrying(string digest, int attempts, TimeSpan wait);

    void ScanFinished(string digest, ImageScanStatus status);
}
