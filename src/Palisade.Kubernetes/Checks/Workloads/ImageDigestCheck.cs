using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class ImageDigestCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.image-digest"),
        Title = "Image not pinned by digest",
        Severity = Severity.Low,
        Description = "Tags are mutable: whoever can push to the registry can change what a tag runs. Only a digest names exact content.",
        Remediation = "Pin images by digest (image: registry/name:tag@sha256:…) and update digests with a bot.",
        Mitre = CheckInfo.Techniques("T1525"),
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context) =>
        from container in workload.AllContainers()
        let image = container.Image
        where image is not null && ImageReference.Parse(image) is { Digest: null }
        select new CheckHit(container.Node["image"], $"{container.Describe()} image '{image}' is not pinned by digest", $"image: {image}", container.Name);
}
