using Palisade.Cluster.Rbac;
using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Cluster.Checks;

/// <summary>Running pod holds cluster-admin-equivalent power.</summary>
public sealed class PowerfulPodAccountCheck : IClusterCheck
{
    public static CheckInfo Info { get; } = ClusterCheck.Define("rbac.powerful-pod-service-account", "Running pod holds cluster-admin-equivalent power", Severity.High,
        "The pod's service account can reach cluster-admin: compromising this pod (a vulnerability, a malicious dependency) compromises the cluster.",
        "Give the workload its own service account with only what it needs, and set automountServiceAccountToken: false where the API is not used.", "T1528", "T1078.001");

    CheckInfo IClusterCheck.Info => Info;

    public IEnumerable<Finding> Evaluate(ClusterContext context)
    {
        var powerful = context.Rbac.Paths.Where(p => p.Path.Outcome == EscalationPath.ClusterAdmin)
            .GroupBy(p => p.Subject).ToDictionary(g => g.Key, g => g.Last().Path);
        foreach (var pod in context.Objects.Where(o => o.Kind == "Pod" && o.Namespace != "kube-system"))
        {
            var account = new RbacSubject("ServiceAccount", pod.Root.Map("spec")?.Str("serviceAccountName") ?? "default", pod.Namespace);
            if (pod.Root.Map("spec")?.Bool("automountServiceAccountToken") != false && powerful.TryGetValue(account, out var path))
            {
                var owner = ClusterObjects.Controller(pod);
                yield return new Finding(Info, new Target(null, pod.Ref),
                    $"pod {pod.Namespace}/{pod.Name}{(owner is { } o ? $" ({o.Kind} {o.Name})" : "")} runs as {account}, which can reach cluster-admin: {path}", account.ToString());
            }
        }
    }
}
