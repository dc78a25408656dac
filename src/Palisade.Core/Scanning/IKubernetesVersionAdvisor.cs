using Palisade.Core.Findings;

namespace Palisade.Core.Scanning;

/// <summary>Which Kubernetes component a version belongs to: CVEs are filed against different packages.</summary>
public enum KubernetesComponent
{
    ApiServer,
    Kubelet,
}

/// <summary>
/// Judges a Kubernetes version wherever one is seen (a cluster, a node, an endpoint that discloses it): the support
/// calendar and the CVEs that affect it. The cluster project implements it; the network hunter only asks.
/// </summary>
public interface IKubernetesVersionAdvisor
{
    /// <summary>Findings about <paramref name="gitVersion"/> (v1.29.3, v1.30.1+k3s1…), described as <paramref name="who"/> and reported on <paramref name="target"/>.</summary>
    Task<IReadOnlyList<Finding>> AdviseAsync(string gitVersion, string who, Target target, KubernetesComponent component, CancellationToken cancellationToken);
}
