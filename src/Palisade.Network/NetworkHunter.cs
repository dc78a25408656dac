using System.Text.Json;
using Palisade.Core.Findings;
using Palisade.Network.Checks;
using Palisade.Network.Probing;
using Palisade.Network.Targets;

namespace Palisade.Network;

public sealed record HuntOptions
{
    public int Concurrency { get; init; } = 256;

    /// <summary>New connections per second, at most (0: unlimited).</summary>
    public int RatePerSecond { get; init; } = 2000;
    public ProbeOptions Probe { get; init; } = new();

    /// <summary>Only with --active (and its confirmation): tests that change state or execute, e.g. kubelet /run.</summary>
    public bool Active { get; init; }
}

public sealed record HuntResult(IReadOnlyList<EndpointReport> Reports, IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics)
{
    public int Open => Reports.Count(r => r.State == PortState.Open);
}

/// <summary>
/// Discovers and probes the endpoints it is given, and only those: bounded concurrency, a connection rate limit,
/// time-outs on every connection and request. Passive unless active mode was asked for.
/// </summary>
public sealed class NetworkHunter(HuntOptions options, TimeProvider clock)
{
    public async Task<HuntResult> HuntAsync(IReadOnlyList<Targets.Endpoint> endpoints, CancellationToken cancellationToken)
    {
        var prober = new EndpointProber(options.Probe, [.. NetworkChecks.Endpoint.SelectMany(c => c.Paths)]);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var pacing = new ConnectionPacing(options.RatePerSecond, clock);
        var tasks = new List<Task<EndpointReport>>();
        foreach (var endpoint in endpoints)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            await pacing.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
            tasks.Add(ProbeOneAsync(prober, endpoint, gate, cancellationToken));
        }
        var reports = (await Task.WhenAll(tasks).ConfigureAwait(false)).ToList();
        var now = clock.GetUtcNow();
        var findings = new List<Finding>();
        var diagnostics = new List<Diagnostic>();
        foreach (var report in reports.Where(r => r.State == PortState.Open))
        {
            var enriched = report.Service == "etcd" && report.Tls is null ? await WithRangeReadAsync(prober, report, cancellationToken).ConfigureAwait(false) : report;
            findings.AddRange(EndpointFindings.For(enriched, now));
            if (options.Active && report.Service == "kubelet" && report.Answers.TryGetValue("/pods", out var pods) && pods.Status == 200)
            {
                findings.AddRange(await KubeletRunAsync(prober, report, pods.Body, cancellationToken).ConfigureAwait(false));
            }
            foreach (var problem in report.Undecided)
            {
                diagnostics.Add(new Diagnostic(report.Endpoint.ToString(), null, $"open, but undecided: {problem}", DiagnosticLevel.Notice));
            }
        }
        if (reports.Count > 0 && reports.All(r => r.State != PortState.Open))
        {
            diagnostics.Add(new Diagnostic("network", null, $"nothing reachable: none of the {reports.Count:N0} endpoints accepted a connection ({reports.Count(r => r.State == PortState.Closed):N0} closed, {reports.Count(r => r.State == PortState.Filtered):N0} filtered)"));
        }
        return new HuntResult(reports, findings, diagnostics);
    }

    private static async Task<EndpointReport> ProbeOneAsync(EndpointProber prober, Targets.Endpoint endpoint, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        try
        {
            return await prober.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>etcd over plain HTTP: a range read of one key (count only) proves the data is readable; nothing is written.</summary>
    private static async Task<EndpointReport> WithRangeReadAsync(EndpointProber prober, EndpointReport report, CancellationToken cancellationToken)
    {
        var (answer, _) = await prober.RequestAsync(report.Endpoint, false, "/v3/kv/range", cancellationToken, "POST", """{"key":"AA==","range_end":"AA==","count_only":true}""").ConfigureAwait(false);
        return answer is null ? report : report with { Answers = new Dictionary<string, HttpAnswer>(report.Answers) { ["range"] = answer } };
    }

    /// <summary>Active only: runs `id` in the first container the kubelet lists, through its /run endpoint.</summary>
    private static async Task<IReadOnlyList<Finding>> KubeletRunAsync(EndpointProber prober, EndpointReport report, string podsJson, CancellationToken cancellationToken)
    {
        string? ns = null, pod = null, container = null;
        try
        {
            using var json = JsonDocument.Parse(podsJson);
            var first = json.RootElement.GetProperty("items").EnumerateArray().FirstOrDefault();
            if (first.ValueKind == JsonValueKind.Object)
            {
                ns = first.GetProperty("metadata").GetProperty("namespace").GetString();
                pod = first.GetProperty("metadata").GetProperty("name").GetString();
                container = first.GetProperty("spec").GetProperty("containers")[0].GetProperty("name").GetString();
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return [];
        }
        if (ns is null || pod is null || container is null)
        {
            return [];
        }
        var (answer, _) = await prober.RequestAsync(report.Endpoint, report.Tls is not null, $"/run/{ns}/{pod}/{container}?cmd=id", cancellationToken, "POST", "").ConfigureAwait(false);
        return answer is { Status: 200 }
            ? [new Finding(KubeletRunCheck.Info, new Target(null, new ResourceRef("Endpoint", null, $"{report.Scheme}://{report.Endpoint}")),
                $"{report.Endpoint}: `id` ran in {ns}/{pod}/{container} without credentials", answer.Body.Length > 120 ? answer.Body[..120] : answer.Body)]
            : [];
    }
}
