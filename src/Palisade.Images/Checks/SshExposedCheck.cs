using Palisade.Core.Findings;

namespace Palisade.Images.Checks;

public sealed class SshExposedCheck : IImageCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.ssh-exposed"),
        Title = "Image exposes SSH",
        Severity = Severity.Medium,
        Description = "An SSH server in a container is a remote entry point that bypasses Kubernetes authentication and audit; use kubectl exec for break-glass access.",
        Remediation = "Remove the SSH server and EXPOSE 22 from the image.",
        Mitre = CheckInfo.Techniques("T1133", "T1078"),
        Aliases = ["DS004"],
    };

    public IEnumerable<(string, string?)> Evaluate(ImageConfig config) =>
        config.ExposedPorts.Where(p => p is "22" or "22/tcp").Select(p => ("the image exposes port 22 (SSH)", (string?)$"ExposedPorts: {p}"));
}
