using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Network;

public sealed class ExternalIpsCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("service.external-ips"),
        Title = "Service with externalIPs",
        Severity = Severity.High,
        Description = "kube-proxy sends traffic for a Service's externalIPs to its pods on every node, whoever owns those addresses: whoever can create such a Service can intercept the cluster's traffic to any IP (CVE-2020-8554, unpatchable by design).",
        Remediation = "Do not use spec.externalIPs; block them cluster-wide with the DenyServiceExternalIPs admission plugin or a policy that allows only known addresses.",
        Mitre = CheckInfo.Techniques("T1133", "T1190"),
        Frameworks = [FrameworkRef.Nsa("Network separation and hardening")],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (obj.Kind == "Service" && obj.Root.Map("spec") is { } spec && spec.Seq("externalIPs") is { Items.Count: > 0 } ips)
        {
            yield return new CheckHit(ips, $"Service '{obj.Name}' claims external IPs {string.Join(", ", spec.Strings("externalIPs"))}: traffic to them from inside the cluster is redirected to its pods (CVE-2020-8554)",
                $"spec.externalIPs: [{string.Join(", ", spec.Strings("externalIPs"))}]");
        }
    }
}
