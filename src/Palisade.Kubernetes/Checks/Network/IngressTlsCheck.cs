using Palisade.Core.Findings;
using Palisade.Kubernetes.Manifests;

namespace Palisade.Kubernetes.Checks.Network;

public sealed class IngressTlsCheck : IManifestCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("ingress.no-tls"),
        Title = "Ingress without TLS",
        Severity = Severity.Medium,
        Description = "An Ingress without a tls section serves plain HTTP: credentials and session tokens cross the network in clear text.",
        Remediation = "Add spec.tls with the hosts and a certificate Secret (cert-manager can issue it).",
        Mitre = CheckInfo.Techniques("T1190", "T1552.007"),
        Frameworks = [FrameworkRef.Nsa("Network separation and hardening")],
    };

    public IEnumerable<CheckHit> Evaluate(KubernetesObject obj, ManifestContext context)
    {
        if (obj.Kind == "Ingress" && obj.Root.Map("spec") is { } spec && spec.Seq("tls") is not { Items.Count: > 0 })
        {
            yield return new CheckHit(spec, $"Ingress '{obj.Name}' has no TLS configuration", "spec.tls missing");
        }
    }
}
