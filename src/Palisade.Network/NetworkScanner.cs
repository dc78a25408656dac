using System.Net;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Network.Probing;
using Palisade.Network.Targets;

namespace Palisade.Network;

/// <summary>
/// Finds Kubernetes components that answer when they should not: expands the targets, hunts every endpoint, judges
/// any Kubernetes version an API server discloses through the version advisor, and reviews the pod it runs in.
/// </summary>
/// <exception cref="TargetException">From <see cref="ScanAsync"/> when a target is malformed or public without permission.</exception>
public sealed class NetworkScanner(IKubernetesVersionAdvisor versions, TimeProvider clock, Func<string, IPAddress[]> resolve) : IScanner<NetworkScanRequest>
{
    public string Kind => "network";

    public async Task<ScanOutput> ScanAsync(NetworkScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var targets = new List<string>(request.Targets);
        var recon = request.Pod is { } pod ? new PodRecon(pod, request.Hunt.Probe.ConnectTimeout) : null;
        if (recon is not null)
        {
            targets.AddRange(recon.KubeletTargets());
            if (Uri.TryCreate(request.Pod!.ApiServer, UriKind.Absolute, out var api) && IPAddress.TryParse(api.Host.Trim('[', ']'), out _))
            {
                targets.Add($"{api.Host}:{api.Port}");
            }
        }
        if (targets.Count == 0)
        {
            throw new TargetException("give at least one target (or a pod to look from)");
        }
        var endpoints = TargetSpec.Expand(targets, request.Ports, request.AllowPublic, resolve);
        var result = await new NetworkHunter(request.Hunt, clock).HuntAsync(endpoints, cancellationToken).ConfigureAwait(false);
        var findings = new List<Finding>(result.Findings);
        var diagnostics = new List<Diagnostic>(result.Diagnostics);
        foreach (var report in result.Reports.Where(r => r.Service is "kube-apiserver" && r.Version is not null))
        {
            var endpoint = new Target(null, new ResourceRef("Endpoint", null, $"{report.Scheme}://{report.Endpoint}"));
            findings.AddRange(await versions.AdviseAsync(report.Version!, "the API server", endpoint, KubernetesComponent.ApiServer, cancellationToken).ConfigureAwait(false));
        }
        if (recon is not null)
        {
            var (podFindings, podDiagnostics) = await recon.RunAsync(cancellationToken).ConfigureAwait(false);
            findings.AddRange(podFindings);
            diagnostics.AddRange(podDiagnostics);
        }
        Report(progress, endpoints, result);
        return new ScanOutput(findings, diagnostics) { Targets = targets };
    }

    private static void Report(IScanProgress progress, IReadOnlyList<Targets.Endpoint> endpoints, HuntResult result)
    {
        var open = result.Reports.Where(r => r.State == PortState.Open).ToList();
        progress.Report(new ScanProgressUpdate($"scanned {endpoints.Count:N0} endpoint(s) on {endpoints.Select(e => e.Address).Distinct().Count():N0} address(es): {open.Count} open, "
            + $"{result.Reports.Count(r => r.State == PortState.Closed)} closed, {result.Reports.Count(r => r.State == PortState.Filtered)} filtered"));
        foreach (var report in open)
        {
            progress.Report(new ScanProgressUpdate($"  {report.Scheme}://{report.Endpoint}  {report.Service ?? "unrecognised"}{(report.Version is null ? "" : " " + report.Version)}"
                + (report.Tls is { Subject.Length: > 0 } tls ? $"  [{tls.Protocol}; {tls.Subject}; issuer {tls.Issuer}; expires {tls.NotAfter:yyyy-MM-dd}{(tls.SelfSigned ? "; self-signed" : "")}{(tls.RefusedWithoutClientCertificate ? "; client certificate required" : "")}]" : "")));
        }
    }
}
