using Palisade.Core.Findings;
using Palisade.Kubernetes.Workloads;

namespace Palisade.Kubernetes.Checks.Workloads;

public sealed class ImageTagCheck : WorkloadCheck
{
    public override CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("container.image-latest"),
        Title = "Image without a tag or tagged latest",
        Severity = Severity.Medium,
        Description = "An image with no tag or ':latest' changes under you: nodes may run different code, and a pushed malicious image is picked up silently.",
        Remediation = "Reference a specific version tag, or better an immutable digest (image@sha256:…).",
        Mitre = CheckInfo.Techniques("T1525", "T1204.003"),
        Aliases = ["KSV013", "C-0075"],
    };

    protected override IEnumerable<CheckHit> Evaluate(Workload workload, ManifestContext context)
    {
        foreach (var container in workload.AllContainers())
        {
            if (container.Image is not { } image || ImageReference.Parse(image) is not { Digest: null } reference)
            {
                continue;
            }
            if (reference.Tag is null or "latest")
            {
                yield return new CheckHit(container.Node["image"], $"{container.Describe()} uses image '{image}' {(reference.Tag is null ? "without a tag" : "tagged latest")}",
                    $"image: {image}", container.Name);
            }
        }
    }
}
