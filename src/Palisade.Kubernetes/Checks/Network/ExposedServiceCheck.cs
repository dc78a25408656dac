using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Network;

public sealed class ExposedServiceCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("service.exposed"),
        Title = "Service exposed outside the cluster",
        Severity = Severity.Medium,
        Description = "NodePort opens the port on every node's address; LoadBalancer asks the cloud for a public address. Both bypass Ingress authentication and TLS.",
        Remediation = "Use type ClusterIP behind an Ingress or Gateway with TLS; if external exposure is needed, restrict spec.loadBalancerSourceRanges.",
        Mitre = CheckInfo.Techniques("T1133", "T1190", "T1046"),
        Frameworks = [FrameworkRef.Nsa("Network separation and hardening")],
        Aliases = ["C-0256"],
    };

    // Cloud annotations that keep a load balancer on the private network.
    public static IReadOnlyList<(string Key, string Value)> InternalLoadBalancerAnnotations => InternalLoadBalancer;

    private static readonly (string Key, string Value)[] InternalLoadBalancer =
    [
        ("networking.gke.io/load-balancer-type", "Internal"),
        ("cloud.google.com/load-balancer-type", "Internal"),
        ("service.beta.kubernetes.io/aws-load-balancer-internal", "true"),
        ("service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"),
        ("service.beta.kubernetes.io/azure-load-balancer-internal", "true"),
        ("service.beta.kubernetes.io/oci-load-balancer-internal", "true"),
        ("service.beta.openstack.org/openstack-internal-load-balancer", "true"),
    ];

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (obj.Kind != "Service" || obj.Root.Map("spec") is not { } spec)
        {
            yield break;
        }
        var type = spec.Str("type");
        if (type == "NodePort")
        {
            yield return new CheckHit(spec["type"], $"Service '{obj.Name}' is of type NodePort: open on every node's address", "spec.type: NodePort");
        }
        else if (type == "LoadBalancer" && !IsInternal(obj) && !Restricted(obj, spec))
        {
            yield return new CheckHit(spec["type"], $"Service '{obj.Name}' is of type LoadBalancer open to any source (no loadBalancerSourceRanges narrower than 0.0.0.0/0)", "spec.type: LoadBalancer");
        }
    }

    private static bool IsInternal(KubernetesObject obj) =>
        obj.Metadata?.Map("annotations") is { } annotations
        && InternalLoadBalancer.Any(a => string.Equals(annotations.Str(a.Key), a.Value, StringComparison.OrdinalIgnoreCase));

    /// <summary>Source ranges from the field (or the older annotation) that do not amount to "anywhere".</summary>
    private static bool Restricted(KubernetesObject obj, Core.Yaml.YamlMapping spec)
    {
        var ranges = spec.Strings("loadBalancerSourceRanges").ToList();
        if (ranges.Count == 0 && obj.Metadata?.Map("annotations")?.Str("service.beta.kubernetes.io/load-balancer-source-ranges") is { } annotation)
        {
            ranges = [.. annotation.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        return ranges.Count > 0 && !ranges.Any(r => r is "0.0.0.0/0" or "::/0");
    }
}
