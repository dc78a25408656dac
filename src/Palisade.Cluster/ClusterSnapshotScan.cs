using Palisade.Cluster.Checks;
using Palisade.Cluster.Exposure;
using Palisade.Cluster.Rbac;
using Palisade.Cluster.Snapshot;
using Palisade.Cluster.Versions;
using Palisade.Core.Findings;
using Palisade.Core.Scanning;
using Palisade.Vulnerabilities.Providers;
using Palisade.Kubernetes;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster;

public sealed record ClusterScanOptions(DateOnly Today, KubernetesReleases Releases)
{
    public ManifestScanOptions Manifest { get; init; } = new();

    /// <summary>Advisories, for Kubernetes CVEs affecting the detected versions (optional).</summary>
    public IAdvisoryProvider? Advisories { get; init; }

    /// <summary>The user grades a copy of the API server's audit policy, so there is nothing to point out about it.</summary>
    public bool AuditPolicyGraded { get; init; }
}

/// <summary>
/// Scans what was collected from a cluster: every manifest check on the live objects (once per owning workload),
/// RBAC escalation paths, version support and Kubernetes CVEs, anonymous access, and the control-plane settings the
/// static pods show. The same snapshot always gives the same findings.
/// </summary>
public static class ClusterSnapshotScan
{
    public static async Task<ScanOutput> ScanAsync(ClusterSnapshot snapshot, ClusterScanOptions options, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        foreach (var problem in snapshot.Problems)
        {
            diagnostics.Add(new Diagnostic(problem.Resource, null, problem.Message, problem.Message.Contains("(404)", StringComparison.Ordinal) ? DiagnosticLevel.Notice : DiagnosticLevel.Error));
        }
        var (objects, parseProblems) = ClusterObjects.Parse(snapshot);
        diagnostics.AddRange(parseProblems);

        var manifestOptions = options.Manifest.Policies is null ? options.Manifest : options.Manifest with { Authorizer = new RbacAuthorizer(new RbacModel(objects)) };
        var evaluator = new ManifestEvaluator(manifestOptions);
        var checkedObjects = ClusterObjects.WithoutOwnedCopies(objects);
        // Admission policies see every object the API server admitted, a Deployment's pods included.
        var (findings, suppressed) = evaluator.EvaluateAll(checkedObjects, [.. objects.Except(checkedObjects)]);
        // Live objects have no file to point into: the resource is the location.
        findings = [.. findings.Select(f => f with { Target = f.Target with { Location = null } })];

        var context = new ClusterContext(snapshot, objects);
        var advisor = new KubernetesVersionAdvisor(options.Releases, options.Today, options.Advisories);
        foreach (var check in ClusterChecks.Cluster)
        {
            findings.AddRange(check.Evaluate(context));
        }
        findings.AddRange(await VersionFindings.ForAsync(context, advisor, cancellationToken).ConfigureAwait(false));
        var (controlPlane, controlPlaneNotes) = ControlPlaneAudit.Run(snapshot, objects, snapshot.Version?.GitVersion, options.AuditPolicyGraded);
        findings.AddRange(controlPlane);
        diagnostics.AddRange(controlPlaneNotes);
        return new ScanOutput(findings, diagnostics) { Suppressed = suppressed };
    }
}
