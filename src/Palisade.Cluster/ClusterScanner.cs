using Palisade.Audit.Policy;
using Palisade.Cluster.Api;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Vulnerabilities.Providers;

namespace Palisade.Cluster;

/// <summary>
/// Scans a running cluster or a snapshot of one: workloads, RBAC escalation paths, version support and Kubernetes
/// CVEs, anonymous access, the control plane's settings and (when given) its audit policy.
/// </summary>
public sealed class ClusterScanner(ClusterSnapshotLoader loader, Func<IAdvisoryProvider?> openAdvisories, string advisoryLocation, TimeProvider clock) : IScanner<ClusterScanRequest>
{
    public string Kind => "cluster";

    public async Task<ScanOutput> ScanAsync(ClusterScanRequest request, IScanProgress progress, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        var diagnostics = new List<Diagnostic>();
        string target;
        try
        {
            var snapshot = await loader.LoadAsync(request.Source, cancellationToken).ConfigureAwait(false);
            target = snapshot.Context;
            using var advisories = openAdvisories();
            var output = await ClusterSnapshotScan.ScanAsync(snapshot, new ClusterScanOptions(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), request.Releases)
            {
                Manifest = request.Manifest,
                Advisories = advisories,
                AuditPolicyGraded = request.AuditPolicyFile is not null,
            }, cancellationToken).ConfigureAwait(false);
            findings.AddRange(output.Findings);
            suppressed.AddRange(output.Suppressed);
            diagnostics.AddRange(output.Diagnostics);
            if (advisories is null)
            {
                diagnostics.Add(new Diagnostic(advisoryLocation, null, "no vulnerability database: Kubernetes CVEs were not matched (palisade db import the Kubernetes CVE feed's OSV records)", DiagnosticLevel.Notice));
            }
            var unseen = snapshot.Problems.Count(p => p.Forbidden);
            if (unseen > 0)
            {
                diagnostics.Add(new Diagnostic(snapshot.Context, null, $"{unseen} resource list(s) were forbidden to this identity: the report is partial (see the errors above)", DiagnosticLevel.Notice));
            }
        }
        catch (Exception ex) when (ex is ClusterAccessException or InvalidDataException or FileNotFoundException)
        {
            target = request.Source.DisplayName;
            diagnostics.Add(new Diagnostic(target, null, ex.Message));
        }
        if (request.AuditPolicyFile is { } path)
        {
            try
            {
                var graded = await AuditPolicyGrader.GradeFileAsync(path, path, cancellationToken).ConfigureAwait(false);
                findings.AddRange(graded.Select(f => f with { Group = "Audit policy" }));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(new Diagnostic(path, null, ex.Message));
            }
        }
        // The context's name is what the report scanned, as the user knows the cluster.
        return new ScanOutput(findings, diagnostics) { Suppressed = suppressed, Targets = [target] };
    }
}
