using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class ReadOnlyRootFilesystemCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.read-only-root-filesystem"),
        Title = "Writable root filesystem",
        Severity = Severity.Low,
        Description = "A writable root filesystem lets an intruder drop tools and change binaries inside the container.",
        Remediation = "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes where the application must write.",
        Mitre = CheckInfo.Techniques("T1525", "T1610"),
        Frameworks = [FrameworkRef.Nsa("Pod security: immutable container filesystems")],
        Aliases = ["KSV014", "C-0017"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context) =>
        from container in workload.AllContainers()
        where container.SecurityContext?.Bool("readOnlyRootFilesystem") != true
        select new CheckHit(container.SecurityContext?["readOnlyRootFilesystem"] ?? container.SecurityContext ?? (Core.Yaml.YamlNode)container.Node,
            $"{container.Describe()} has a writable root filesystem", "readOnlyRootFilesystem not true", container.Name);
}
