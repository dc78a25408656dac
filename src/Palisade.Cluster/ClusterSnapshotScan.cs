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

        var evaluator = new ManifestEvaluator(options.Manifest);
        var (findings, suppressed) = evaluator.EvaluateAll(ClusterObjects.WithoutOwnedCopies(objects));
        // Live objects have no file to point into: the resource is the location.
        findings = [.. findings.Select(f => f with { Target = f.Target with { Location = null } })];

        findings.AddRange(RbacFindings(objects));
        var advisor = new KubernetesVersionAdvisor(options.Releases, options.Today, options.Advisories);
        findings.AddRange(await VersionFindings.ForAsync(snapshot, objects, advisor, cancellationToken).ConfigureAwait(false));
        findings.AddRange(AnonymousAccess.Findings(snapshot));
        var (controlPlane, controlPlaneNotes) = ControlPlaneAudit.Run(snapshot, objects, snapshot.Version?.GitVersion, options.AuditPolicyGraded);
        findings.AddRange(controlPlane);
        diagnostics.AddRange(controlPlaneNotes);
        return new ScanOutput(findings, diagnostics) { Suppressed = suppressed };
    }

    private static IEnumerable<Finding> RbacFindings(IReadOnlyList<KubernetesObject> objects)
    {
        var rbac = new RbacModel(objects);
        var paths = new EscalationPaths(rbac, objects);
        var powerful = new Dictionary<RbacSubject, EscalationPath>();
        foreach (var subject in rbac.Subjects.Where(IsReviewable).OrderBy(s => s.ToString(), StringComparer.Ordinal))
        {
            foreach (var path in paths.For(subject))
            {
                var target = new Target(null, subject.Kind == "ServiceAccount" ? new ResourceRef("ServiceAccount", subject.Namespace, subject.Name) : new ResourceRef(subject.Kind, null, subject.Name));
                if (path.Outcome == EscalationPath.ClusterAdmin)
                {
                    powerful[subject] = path;
                    yield return new Finding(ClusterChecks.EscalationPath, target, $"{subject} can reach cluster-admin in {path.Steps.Count} step(s): {path}", path.ToString());
                }
                else
                {
                    yield return new Finding(ClusterChecks.NodeEscapePath, target, $"{subject}: {path}", path.ToString());
                }
            }
        }
        foreach (var pod in objects.Where(o => o.Kind == "Pod" && o.Namespace != "kube-system"))
        {
            var account = new RbacSubject("ServiceAccount", pod.Root.Map("spec")?.Str("serviceAccountName") ?? "default", pod.Namespace);
            if (pod.Root.Map("spec")?.Bool("automountServiceAccountToken") != false && powerful.TryGetValue(account, out var path))
            {
                var owner = ClusterObjects.Controller(pod);
                yield return new Finding(ClusterChecks.PowerfulPodAccount, new Target(null, pod.Ref),
                    $"pod {pod.Namespace}/{pod.Name}{(owner is { } o ? $" ({o.Kind} {o.Name})" : "")} runs as {account}, which can reach cluster-admin: {path}", account.ToString());
            }
        }
    }

    /// <summary>The platform's own identities (system:* users and kube-system controllers) are powerful by design.</summary>
    private static bool IsReviewable(RbacSubject subject) =>
        !(subject.Name.StartsWith("system:", StringComparison.Ordinal) && subject.Name is not ("system:anonymous" or "system:unauthenticated" or "system:authenticated" or "system:serviceaccounts"))
        && subject.Namespace != "kube-system";
}
