using Palisade.Core.Findings;

namespace Palisade.Images.Checks;

public sealed class RemoteAddCheck : IImageCheck
{
    public CheckInfo Info { get; } = new()
    {
        Id = CheckId.Parse("image.remote-add"),
        Title = "ADD of a remote URL in the image history",
        Severity = Severity.Low,
        Description = "ADD <url> fetches content at build time without verifying it: whoever controls the URL controls the image.",
        Remediation = "Download with curl or wget and verify a checksum (or use ADD --checksum=sha256:…), or copy a vendored file.",
        Mitre = CheckInfo.Techniques("T1204.003", "T1525"),
    };

    public IEnumerable<(string, string?)> Evaluate(ImageConfig config) =>
        from step in config.History
        where step.Contains("ADD http://", StringComparison.OrdinalIgnoreCase) || step.Contains("ADD https://", StringComparison.OrdinalIgnoreCase)
            || step.Contains("ADD --chown", StringComparison.OrdinalIgnoreCase) && step.Contains("://", StringComparison.Ordinal)
        select ("a layer was built with ADD from a remote URL", (string?)(step.Length > 200 ? step[..200] : step));
}
