using Palisade.Core.Findings;
using Palisade.Core.Yaml;
using Palisade.Kubernetes.Manifests;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Network;

/// <summary>
/// Workloads no NetworkPolicy selects accept traffic from every pod in the cluster. Only judged when the scanned
/// set contains NetworkPolicies or Namespaces, i.e. when it describes whole namespaces rather than single apps.
/// </summary>
public sealed class NetworkPolicyCoverageCheck : ICrossObjectCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("workload.no-network-policy"),
        Title = "Workload not isolated by a NetworkPolicy",
        Severity = Severity.Medium,
        Description = "Pods that no NetworkPolicy selects accept connections from any pod in the cluster, so one compromised pod can reach them.",
        Remediation = "Add a default-deny NetworkPolicy to the namespace (podSelector: {}) and allow only the traffic each workload needs.",
        Mitre = CheckInfo.Techniques("T1046", "T1613"),
        Frameworks = [FrameworkRef.Cis("5.3.2"), FrameworkRef.Nsa("Network separation and hardening")],
        Aliases = ["KSV038", "C-0260"],
    };

    public ICrossObjectAccumulator CreateAccumulator(ManifestContext context) => new Accumulator();

    private sealed class Accumulator : ICrossObjectAccumulator
    {
        private readonly List<(string Namespace, YamlMapping? Selector)> _policies = [];
        private readonly List<(string Namespace, Dictionary<string, string> Labels, KubernetesObjectSummary Summary)> _workloads = [];
        private bool _describesNamespaces;

        public void Observe(KubernetesObject obj)
        {
            var ns = obj.Namespace ?? "";
            switch (obj.Kind)
            {
                case "NetworkPolicy":
                    _describesNamespaces = true;
                    _policies.Add((ns, obj.Root.Map("spec")?.Map("podSelector")));
                    break;
                case "Namespace":
                    _describesNamespaces = true;
                    break;
                default:
                    // Pods owned by a controller are judged through the controller's template.
                    if (Workload.From(obj) is { } workload && obj.Kind != "PodTemplate")
                    {
                        _workloads.Add((ns, LabelSelector.Labels(workload.PodLabels), Summaries.Of(obj)));
                    }
                    break;
            }
        }

        public IEnumerable<(KubernetesObjectSummary Object, CheckHit Hit)> Complete()
        {
            if (!_describesNamespaces)
            {
                yield break;
            }
            foreach (var (ns, labels, summary) in _workloads)
            {
                if (!_policies.Any(p => p.Namespace == ns && LabelSelector.Selects(p.Selector, labels)))
                {
                    var where = ns.Length == 0 ? "its namespace" : $"namespace '{ns}'";
                    yield return (summary, new CheckHit(null, $"{summary.Resource.Kind} '{summary.Resource.Name}' is selected by no NetworkPolicy in {where}", "no NetworkPolicy podSelector matches the pod labels"));
                }
            }
        }
    }
}
