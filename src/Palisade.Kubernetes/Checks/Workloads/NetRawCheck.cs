using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class NetRawCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.net-raw"),
        Title = "NET_RAW capability not dropped",
        Severity = Severity.Medium,
        Description = "NET_RAW is in the default capability set; it allows raw sockets for ARP and DNS spoofing against other pods on the node.",
        Remediation = "Drop NET_RAW (or ALL) in securityContext.capabilities.drop.",
        Mitre = CheckInfo.Techniques("T1611", "T1046"),
        Frameworks = [FrameworkRef.Cis("5.2.8")],
        Aliases = ["KSV004"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        foreach (var container in workload.AllContainers())
        {
            var capabilities = container.SecurityContext?.Map("capabilities");
            var dropped = capabilities?.Strings("drop").Any(c => c is "ALL" or "NET_RAW" or "CAP_NET_RAW") == true;
            var added = capabilities?.Strings("add").Any(c => c is "ALL" or "NET_RAW" or "CAP_NET_RAW") == true;
            if (!dropped || added)
            {
                yield return new CheckHit(capabilities ?? container.SecurityContext ?? (Core.Yaml.YamlNode)container.Node,
                    $"{container.Describe()} keeps the NET_RAW capability", added ? "capabilities.add: NET_RAW" : "capabilities.drop lacks NET_RAW and ALL", container.Name);
            }
        }
    }
}
