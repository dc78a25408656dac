using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Palisade.Operator.Api;

namespace Palisade.Operator.Leadership;

/// <summary>How long a lease lasts unrenewed, how often the leader renews it, how often others try to take it.</summary>
public sealed record LeaseTiming(TimeSpan Duration, TimeSpan RenewEvery, TimeSpan RetryEvery)
{
    public static LeaseTiming Default { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2));
}

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go's leader election does: the holder renews the
/// lease; another replica takes it only once it has gone unrenewed for its duration, by a write conditional on the
/// resourceVersion it read (so two cannot both win). The leader works only while it holds the lease, stops as soon
/// as a renewal fails, and hands the lease back when it shuts down.
/// </summary>
public sealed class LeaseElector(ApiWriter api, string @namespace, string name, string identity, LeaseTiming timing, TimeProvider clock, ILeadershipObserver? observer = null)
{
    /// <summary>Hand the lease back on shutdown (true by default; a crash, which cannot, is what false stands for in tests).</summary>
    public bool ReleaseOnShutdown { get; init; } = true;

    private string Collection => $"/apis/coordination.k8s.io/v1/namespaces/{@namespace}/leases";

    /// <summary>Runs <paramref name="lead"/> whenever this replica holds the lease, until cancelled.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AttemptAsync(cancellationToken).ConfigureAwait(false))
            {
                await Delay(timing.RetryEvery, cancellationToken).ConfigureAwait(false);
                continue;
            }
            observer?.Elected(identity);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            await HoldAsync(work, cancellationToken).ConfigureAwait(false);
            await leading.CancelAsync().ConfigureAwait(false);
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            observer?.Deposed(identity);
            if (cancellationToken.IsCancellationRequested && ReleaseOnShutdown)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Renews until a renewal fails past the lease's duration, the work ends, or shutdown.</summary>
    private async Task HoldAsync(Task work, CancellationToken cancellationToken)
    {
        var renewed = clock.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            await Task.WhenAny(work, Delay(timing.RenewEvery, cancellationToken)).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested || work.IsCompleted)
            {
                return;
            }
            if (await AttemptAsync(cancellationToken).ConfigureAwait(false))
            {
                renewed = clock.GetUtcNow();
            }
            else if (clock.GetUtcNow() - renewed >= timing.Duration - timing.RenewEvery)
            {
                // Someone else may hold it by now: stop before they start.
                return;
            }
        }
    }

    /// <summary>One attempt; shutdown part-way is a failed attempt, not an error.</summary>
    private async Task<bool> AttemptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await TryAcquireAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Takes or renews the lease; false when another holder's lease is still valid or the write lost a race.</summary>
    private async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (status, current) = await api.SendAsync(HttpMethod.Get, $"{Collection}/{name}", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            var (created, _) = await api.SendAsync(HttpMethod.Post, Collection, Lease(now, now, transitions: 0, resourceVersion: null), cancellationToken).ConfigureAwait(false);
            return created == HttpStatusCode.Created;
        }
        if (status != HttpStatusCode.OK || current?["spec"] is not JsonObject spec)
        {
            return false;
        }
        var holder = spec["holderIdentity"]?.GetValue<string>() ?? "";
        var renewTime = Time(spec["renewTime"]) ?? DateTimeOffset.MinValue;
        var duration = TimeSpan.FromSeconds(spec["leaseDurationSeconds"]?.GetValue<int>() ?? (int)timing.Duration.TotalSeconds);
        var transitions = spec["leaseTransitions"]?.GetValue<int>() ?? 0;
        var mine = holder == identity;
        if (!mine && holder.Length > 0 && renewTime + duration > now)
        {
            return false;
        }
        var acquired = mine ? Time(spec["acquireTime"]) ?? now : now;
        var version = current["metadata"]?["resourceVersion"]?.GetValue<string>();
        var (replaced, _) = await api.SendAsync(HttpMethod.Put, $"{Collection}/{name}", Lease(acquired, now, mine ? transitions : transitions + 1, version), cancellationToken).ConfigureAwait(false);
        return replaced == HttpStatusCode.OK;
    }

    /// <summary>On shutdown: an empty holder lets another replica take over at once instead of after the lease runs out.</summary>
    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var (status, current) = await api.SendAsync(HttpMethod.Get, $"{Collection}/{name}", null, timeout.Token).ConfigureAwait(false);
        if (status == HttpStatusCode.OK && current?["spec"]?["holderIdentity"]?.GetValue<string>() == identity)
        {
            current["spec"]!["holderIdentity"] = "";
            await api.SendAsync(HttpMethod.Put, $"{Collection}/{name}", current, timeout.Token).ConfigureAwait(false);
        }
    }

    private JsonObject Lease(DateTimeOffset acquired, DateTimeOffset renewed, int transitions, string? resourceVersion)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = @namespace };
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }
        return new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = identity,
                ["leaseDurationSeconds"] = (int)Math.Ceiling(timing.Duration.TotalSeconds),
                ["acquireTime"] = MicroTime(acquired),
                ["renewTime"] = MicroTime(renewed),
                ["leaseTransitions"] = transitions,
            },
        };
    }

    private static string MicroTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(JsonNode? node) =>
        node?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private Task Delay(TimeSpan delay, CancellationToken cancellationToken) =>
        Task.Delay(delay, clock, cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}

/// <summary>What metrics and logs learn about leadership.</summary>
public interface ILeadershipObserver
{
    void Elected(string identity);

    void Deposed(string identity);
}
