using System.Text.Json;
using Palisade.Cluster.Api;
using Palisade.Cluster.Snapshot;

namespace Palisade.Cluster.Collection;

public sealed record CollectOptions
{
    /// <summary>Only these namespaces (empty: all).</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];
    public IReadOnlyList<string> ExcludeNamespaces { get; init; } = [];
    public int Concurrency { get; init; } = 4;
}

/// <summary>
/// Reads the cluster: every resource in <see cref="ClusterResources"/> with paging and bounded concurrency, the
/// server version, the kubeadm ConfigMap when readable, and what anonymous requests are answered. What cannot be
/// read is recorded, never fatal; the whole collection is bounded by the caller's cancellation (--timeout).
/// </summary>
public sealed class ClusterCollector(ClusterConnection connection, TimeProvider clock)
{
    private static readonly string[] AnonymousPaths = ["/version", "/api", "/apis", "/api/v1/namespaces", "/healthz"];

    public async Task<ClusterSnapshot> CollectAsync(CollectOptions options, CancellationToken cancellationToken)
    {
        var api = new ApiClient(connection);
        var problems = new List<CollectionProblem>();
        ServerVersion? version = null;
        var (_, versionBody, versionProblem) = await api.GetAsync("/version", cancellationToken).ConfigureAwait(false);
        if (versionBody is not null)
        {
            using (versionBody)
            {
                version = versionBody.RootElement.TryGetProperty("gitVersion", out var git) && git.GetString() is { } text
                    ? new ServerVersion(text, versionBody.RootElement.TryGetProperty("platform", out var platform) ? platform.GetString() : null) : null;
            }
        }
        else
        {
            problems.Add(new CollectionProblem("/version", versionProblem!, false));
            if (versionProblem!.Contains("cannot connect", StringComparison.Ordinal) || versionProblem.Contains("TLS verification failed", StringComparison.Ordinal)
                || versionProblem.Contains("401", StringComparison.Ordinal) || versionProblem.Contains("reset", StringComparison.Ordinal))
            {
                throw new ClusterAccessException($"{connection.Server}: {versionProblem}");
            }
        }

        var excluded = options.ExcludeNamespaces.ToHashSet(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var jobs = new List<Task<(ClusterResource Resource, ListResult Result)>>();
        foreach (var resource in ClusterResources.All)
        {
            var scopes = resource.Namespaced && options.Namespaces.Count > 0 ? options.Namespaces.Select(n => (string?)n) : [null];
            foreach (var scope in scopes)
            {
                jobs.Add(ListAsync(api, gate, resource, scope, cancellationToken));
            }
        }
        var results = await Task.WhenAll(jobs).ConfigureAwait(false);
        var resources = new List<ResourceItems>();
        foreach (var group in results.GroupBy(r => r.Resource))
        {
            var items = new List<JsonElement>();
            foreach (var (resource, result) in group)
            {
                items.AddRange(result.Items.Where(item => !InExcludedNamespace(item, excluded)));
                if (result.Problem is not null)
                {
                    problems.Add(new CollectionProblem(resource.Name, result.Problem, result.Forbidden));
                }
            }
            resources.Add(new ResourceItems(group.Key.Name, group.Key.Kind, items) { ApiVersion = group.Key.ApiVersion });
        }
        var (_, kubeadm, _) = await api.GetAsync("/api/v1/namespaces/kube-system/configmaps/kubeadm-config", cancellationToken).ConfigureAwait(false);
        if (kubeadm is not null)
        {
            using (kubeadm)
            {
                resources.Add(new ResourceItems("v1/configmaps", "ConfigMap", [kubeadm.RootElement.Clone()]) { ApiVersion = "v1" });
            }
        }
        var anonymous = await ProbeAnonymousAsync(cancellationToken).ConfigureAwait(false);
        return new ClusterSnapshot(ClusterSnapshot.CurrentFormat, connection.Server.ToString(), connection.Context, clock.GetUtcNow(), version, resources, problems, anonymous);
    }

    private static async Task<(ClusterResource, ListResult)> ListAsync(ApiClient api, SemaphoreSlim gate, ClusterResource resource, string? scope, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return (resource, await api.ListAsync(resource.PathIn(scope), resource.MetadataOnly, cancellationToken).ConfigureAwait(false));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The same requests with no credentials: what the API server tells anyone who can reach it.</summary>
    private async Task<IReadOnlyList<AnonymousResponse>> ProbeAnonymousAsync(CancellationToken cancellationToken)
    {
        using var anonymous = connection.Anonymous(TimeSpan.FromSeconds(10));
        var responses = new List<AnonymousResponse>();
        foreach (var path in AnonymousPaths)
        {
            try
            {
                using var response = await anonymous.GetAsync(new Uri(connection.Server, path), cancellationToken).ConfigureAwait(false);
                string? detail = null;
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    detail = body.Length > 200 ? body[..200] : body;
                }
                responses.Add(new AnonymousResponse(path, (int)response.StatusCode, detail));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                responses.Add(new AnonymousResponse(path, 0, ex.Message));
            }
        }
        return responses;
    }

    private static bool InExcludedNamespace(JsonElement item, IReadOnlySet<string> excluded) =>
        excluded.Count > 0 && item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("namespace", out var ns) && ns.ValueKind == JsonValueKind.String && excluded.Any(ns.ValueEquals);
}
