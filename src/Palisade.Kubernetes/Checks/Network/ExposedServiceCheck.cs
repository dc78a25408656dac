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

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (obj.Kind != "Service" || obj.Root.Map("spec") is not { } spec)
        {
            yield break;
        }
        var type = spec.Str("type");
        if (type == "NodePort" || (type == "LoadBalancer" && !spec.Has("loadBalancerSourceRanges")))
        {
            yield return new CheckHit(spec["type"], $"Service '{obj.Name}' is of type {type}{(type == "LoadBalancer" ? " without loadBalancerSourceRanges" : "")}", $"spec.type: {type}");
        }
    }
}
