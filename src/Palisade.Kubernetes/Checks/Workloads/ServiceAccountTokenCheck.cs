using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

/// <summary>
/// A pod gets an API token unless it or its ServiceAccount disables the automount. The ServiceAccount's setting is
/// honoured when the scanned set contains it, so a hardened ServiceAccount is not reported through every pod.
/// </summary>
public sealed class ServiceAccountTokenCheck : ICrossObjectCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("pod.service-account-token-mounted"),
        Title = "Service account token mounted",
        Severity = Severity.Low,
        Description = "Every container gets an API token unless automountServiceAccountToken is false; an attacker in the container can use it against the API server.",
        Remediation = "Set automountServiceAccountToken: false on the pod or its ServiceAccount when the pod does not call the Kubernetes API.",
        Mitre = CheckInfo.Techniques("T1528", "T1552.007"),
        Frameworks = [FrameworkRef.Cis("5.1.6")],
        Aliases = ["KSV036", "C-0034"],
    };

    public ICrossObjectAccumulator CreateAccumulator(ManifestContext context) => new Accumulator();

    private sealed class Accumulator : ICrossObjectAccumulator
    {
        private readonly HashSet<(string Namespace, string Name)> _disabledAccounts = [];
        private readonly List<(string Namespace, string Account, bool ExplicitlyOn, KubernetesObjectSummary Summary)> _pods = [];

        public void Observe(KubernetesObject obj)
        {
            var ns = obj.Namespace ?? "";
            if (obj.Kind == "ServiceAccount")
            {
                if (obj.Root.Bool("automountServiceAccountToken") == false)
                {
                    _disabledAccounts.Add((ns, obj.Name));
                }
                return;
            }
            if (obj.Kind == "PodTemplate" || Workload.From(obj) is not { } workload)
            {
                return;
            }
            var spec = workload.Pod.Spec;
            var value = spec.Bool("automountServiceAccountToken");
            if (value != false)
            {
                var account = spec.Str("serviceAccountName") ?? spec.Str("serviceAccount") ?? "default";
                var location = obj.Locate(spec["automountServiceAccountToken"] ?? spec);
                _pods.Add((ns, account, value == true, new KubernetesObjectSummary(obj.Ref, location, IgnoreAnnotation.Read(obj))));
            }
        }

        public IEnumerable<(KubernetesObjectSummary Object, CheckHit Hit)> Complete()
        {
            foreach (var (ns, account, explicitlyOn, summary) in _pods)
            {
                if (!explicitlyOn && _disabledAccounts.Contains((ns, account)))
                {
                    continue;
                }
                var evidence = explicitlyOn ? "automountServiceAccountToken: true" : "automountServiceAccountToken unset on the pod and its ServiceAccount";
                yield return (summary, new CheckHit(null, $"{summary.Resource.Kind} '{summary.Resource.Name}' mounts an API token of service account '{account}'", evidence));
            }
        }
    }
}
